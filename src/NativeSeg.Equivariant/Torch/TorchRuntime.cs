using TorchSharp;

namespace NativeSeg.Equivariant.Torch;

/// <summary>Device selection that tells the truth about what this machine can run.</summary>
public static class TorchRuntime
{
    public static torch.Device ParseDevice(string name)
    {
        switch (name.Trim().ToLowerInvariant())
        {
            case "cpu":
                return torch.CPU;
            case "cuda":
            case var s when s.StartsWith("cuda:"):
                if (!torch.cuda.is_available())
                    throw new ArgumentException($"device '{name}': CUDA is not available (this build references TorchSharp-cpu; reference TorchSharp-cuda to use a GPU)");
                return new torch.Device(name);
            default:
                throw new ArgumentException($"device '{name}': expected cpu or cuda[:N]");
        }
    }
}
