using System.Text.Json.Serialization;

namespace NativeSeg.Nets.Execution;

/// <summary>What the convolutions compute in (`--precision`); everything that accumulates stays float32 either way.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Precision>))]
public enum Precision
{
    /// <summary>float32 throughout (the default).</summary>
    [JsonStringEnumMemberName("float32")] Float32,

    /// <summary>Convolutions in bfloat16: inputs and kernels rounded to bfloat16, oneDNN accumulating in float32; norms,
    /// gates, the loss, the blended prediction, the optimizer and its master weights stay float32 (as nnU-Net's
    /// automatic mixed precision keeps them).</summary>
    [JsonStringEnumMemberName("bf16")] BFloat16,

    /// <summary>bf16 where the CPU computes it natively (AVX512_BF16 or AMX) and the start-up probe agrees with float64
    /// within bfloat16's rounding; float32 elsewhere.</summary>
    [JsonStringEnumMemberName("auto")] Auto,
}
