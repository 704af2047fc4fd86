namespace NativeSeg.Inference;

/// <summary>Progress callbacks of a prediction (the CLI shows them; the library prints nothing). All optional.</summary>
public interface IPredictionProgress
{
    /// <summary>Case <paramref name="index"/> (0-based) of <paramref name="count"/> starts.</summary>
    void CaseStarted(string name, int index, int count) { }

    /// <summary>The current case will run <paramref name="count"/> forward passes.</summary>
    void PatchesPlanned(int count) { }

    void PatchDone() { }

    void CaseFinished(string name, IReadOnlyList<string> outputs) { }

    /// <summary>A case left as it is, and why (its outputs are this model's, with these settings).</summary>
    void CaseSkipped(string name, string why) { }

    /// <summary>Member <paramref name="index"/> (0-based) of an ensemble of <paramref name="count"/> starts on the current case.</summary>
    void MemberStarted(int index, int count) => Note($"ensemble member {index + 1} of {count}");

    /// <summary>Something about the current case a user should know (e.g. which frame the kernels were realized in).</summary>
    void Note(string message) { }
}

/// <summary>Reports nothing.</summary>
public sealed class SilentProgress : IPredictionProgress
{
    public static readonly SilentProgress Instance = new();
}
