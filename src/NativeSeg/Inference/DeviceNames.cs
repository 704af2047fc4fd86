using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Inference;

/// <summary>Turns a --device value into a TorchSharp device, refusing ones this build cannot use.</summary>
public static class DeviceNames
{
    public static Device Parse(string name)
    {
        string n = name.Trim().ToLowerInvariant();
        if (n == "cpu") return CPU;
        if (n.StartsWith("cuda", StringComparison.Ordinal))
        {
            if (!cuda.is_available()) throw new ArgumentException($"--device {name}: CUDA is not available in this build (use cpu)");
            return device(n);
        }
        throw new ArgumentException($"--device '{name}': expected cpu or cuda[:N]");
    }
}
