using NativeSeg.Imaging;

namespace NativeSeg.Inference;

public enum CaseState { Done, Missing, Partial }

/// <summary>
/// Where a (possibly sharded) folder prediction stands: a case is done when all its outputs exist (the mask is
/// renamed into place last), partial when only temporaries of it exist (a write under way, or a killed process),
/// missing otherwise. Reads names only: no image is opened.
/// </summary>
public static class PredictionStatus
{
    public static IReadOnlyList<(PredictionCase Case, CaseState State)> Of(string input, string output, bool probabilities) =>
        PredictionPlan.Resolve(input, output, probabilities).Select(c => (c, StateOf(c))).ToList();

    private static CaseState StateOf(PredictionCase c) =>
        c.Outputs.All(File.Exists) ? CaseState.Done
        : c.Outputs.Any(AtomicFile.HasLeftovers) ? CaseState.Partial
        : CaseState.Missing;
}
