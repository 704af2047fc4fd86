using System.Text.Json.Serialization;

namespace NativeSeg.Nets.Kernels;

/// <summary>How the grid spacing of level i > 0 is derived (docs/design/e3nn.md "Resolution-adaptive pooling").</summary>
public enum LevelSpacingRule
{
    /// <summary>The spacing the pooled data really has: previous spacing times the pooling size (NativeSeg default).</summary>
    [JsonStringEnumMemberName("actual")] Actual,

    /// <summary>The published code's rule: floor(P / s0) * s0 from the input spacing s0 (parity with published weights).</summary>
    [JsonStringEnumMemberName("published")] Published,
}
