using System.Text.Json.Serialization;

namespace NativeSeg.Evaluation.Challenges;

/// <summary>The lesion-segmentation challenges whose official metric definitions `evaluate --preset` reproduces (docs/evaluation/challenges.md).</summary>
public enum ChallengePreset
{
    /// <summary>MICCAI 2016 MSSEG (Commowick et al. 2018), scored by Anima's animaSegPerfAnalyzer.</summary>
    [JsonStringEnumMemberName("msseg2016")] Msseg2016,

    /// <summary>ISBI 2015 longitudinal MS lesion segmentation challenge (Carass et al. 2017).</summary>
    [JsonStringEnumMemberName("isbi2015")] Isbi2015,

    /// <summary>MICCAI 2017 WMH segmentation challenge (Kuijf et al. 2019), its evaluation.py.</summary>
    [JsonStringEnumMemberName("wmh2017")] Wmh2017,

    /// <summary>Shifts 2022 MS lesion track (Malinin et al. 2022), its mswml/metrics.py.</summary>
    [JsonStringEnumMemberName("shifts2022")] Shifts2022,
}
