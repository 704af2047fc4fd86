using NativeSeg.Imaging;
using static TorchSharp.torch;

namespace NativeSeg.Nets.Execution;

/// <summary>
/// The precision convolutions run in for this flow of execution (and the tasks it starts): training and prediction
/// open a <see cref="Use"/> scope, and <see cref="ConvolutionPaths"/> rounds each layer's input and kernel to it and
/// its output back to float32. A scope, not a property of the net, because the same weights train in one precision
/// and predict in another.
/// </summary>
public static class ConvolutionPrecision
{
    private static readonly AsyncLocal<Precision?> Active = new();

    private static readonly Lazy<bool> TrainingAgrees = new(() => Bf16Verdict.Trusted(ConvolutionCalibration.Shared, true, () => Bf16Probe.Passes(training: true)));
    private static readonly Lazy<bool> InferenceAgrees = new(() => Bf16Verdict.Trusted(ConvolutionCalibration.Shared, false, () => Bf16Probe.Passes(training: false)));

    /// <summary>float32 or bfloat16: what a float32 layer's convolution computes in now.</summary>
    public static ScalarType Current => Active.Value == Precision.BFloat16 ? ScalarType.BFloat16 : ScalarType.Float32;

    /// <summary>Whether this CPU multiplies bfloat16 natively (/proc/cpuinfo's avx512_bf16 or amx_bf16 flags).</summary>
    public static bool CpuHasBf16 { get; } = ReadCpuFlags().Overlaps(["avx512_bf16", "amx_bf16"]);

    /// <summary>Whether this CPU has native bfloat16 and its bfloat16 training steps (forward and backward) passed the
    /// start-up probe (<see cref="Bf16Probe"/>; run the first time it is asked, a few seconds).</summary>
    public static bool Bf16Trusted => CpuHasBf16 && TrainingAgrees.Value;

    /// <summary>How many start-up probes this process has run (each runs at most once, and only when bf16 or auto is asked for).</summary>
    public static int ProbesRun => (TrainingAgrees.IsValueCreated ? 1 : 0) + (InferenceAgrees.IsValueCreated ? 1 : 0);

    /// <summary>Whether this CPU has native bfloat16 and its bfloat16 forward passes (prediction) passed the probe.</summary>
    public static bool Bf16TrustedForInference => CpuHasBf16 && InferenceAgrees.Value;

    /// <summary>float32 or bf16 for a request: auto becomes bf16 only with native support and a probe of the same kind
    /// (training steps, or forward passes for prediction) that agrees; bf16 asked for where either is missing is refused
    /// (without native support libtorch would emulate it, slower than float32).</summary>
    public static Precision Resolve(Precision requested, bool training)
    {
        // float32, the default, must not pay for a probe: every train and predict process resolves its precision.
        if (requested == Precision.Float32) return requested;
        bool trusted = training ? Bf16Trusted : Bf16TrustedForInference;
        return requested switch
        {
            Precision.Auto => trusted ? Precision.BFloat16 : Precision.Float32,
            Precision.BFloat16 when !CpuHasBf16 => throw new UserInputException("--precision bf16: this CPU has no native bfloat16 (AVX512_BF16 or AMX); use float32 or auto"),
            Precision.BFloat16 when !trusted => throw new UserInputException(
                $"--precision bf16: this machine's bfloat16 convolutions gave NaN or wrong {(training ? "gradients" : "outputs")} in a start-up probe (kept in the machine's cache; DEVELOPERS.md, " +
                "the oneDNN fault); use float32"),
            _ => requested,
        };
    }

    /// <summary>Runs this flow's convolutions in <paramref name="precision"/> (resolved for training or prediction) until disposed.</summary>
    public static IDisposable Use(Precision precision, bool training) => Unchecked(Resolve(precision, training));

    /// <summary>As <see cref="Use"/> without the checks: for the probe itself, and for benchmarks that time bfloat16
    /// where its results cannot be trusted.</summary>
    public static IDisposable Unchecked(Precision precision)
    {
        var previous = Active.Value;
        Active.Value = precision;
        return new Restore(() => Active.Value = previous);
    }

    public static Precision Parse(string text, string option = "--precision") => EnumNames.Parse<Precision>(text, option);

    private static HashSet<string> ReadCpuFlags()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("flags", StringComparison.Ordinal))?.Split(':', 2)[1]
                .Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet() ?? [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    private sealed class Restore(Action undo) : IDisposable
    {
        public void Dispose() => undo();
    }
}
