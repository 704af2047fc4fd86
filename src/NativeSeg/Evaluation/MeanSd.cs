using System.Globalization;

namespace NativeSeg.Evaluation;

/// <summary>Mean and sample standard deviation (n - 1) of the defined values; N counts them.</summary>
public sealed record MeanSd(double Mean, double Sd, int N)
{
    public static MeanSd Of(IEnumerable<double?> values)
    {
        var v = values.Where(x => x is { } d && double.IsFinite(d)).Select(x => x!.Value).ToArray();
        if (v.Length == 0) return new MeanSd(double.NaN, double.NaN, 0);
        double mean = v.Average();
        double sd = v.Length > 1 ? Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1)) : 0;
        return new MeanSd(mean, sd, v.Length);
    }

    /// <summary>The mean of the defined values, or null when none is (an average that stays undefined, as a CSV cell).</summary>
    public static double? MeanOrNull(IEnumerable<double?> values) => Of(values) is { N: > 0 } m ? m.Mean : null;

    /// <summary>"0.712 (0.081)", or "-" when nothing is defined.</summary>
    public string Format(string number = "0.000") => N == 0
        ? "-"
        : string.Create(CultureInfo.InvariantCulture, $"{Mean.ToString(number, CultureInfo.InvariantCulture)} ({Sd.ToString(number, CultureInfo.InvariantCulture)})");
}
