using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Torch;
using TorchSharp;

namespace NativeSeg;

/// <summary>The torch settings a user chooses (--device, NATIVESEG_CONV_PATH), refused as user input when they cannot be honoured.</summary>
public static class TorchDevice
{
    /// <summary>cpu, cuda or cuda:N; cuda only when this build and machine can run it.</summary>
    public static torch.Device Parse(string name)
    {
        try { return TorchRuntime.ParseDevice(name); }
        catch (ArgumentException e) { throw new UserInputException(e.Message); }
    }

    /// <summary>Refuses a misspelt NATIVESEG_CONV_PATH before any work starts.</summary>
    public static void RequireValidEnvironment()
    {
        try { Convolution3d.Requested(); }
        catch (ArgumentException e) { throw new UserInputException(e.Message); }
    }
}
