using NativeSeg.Imaging;

namespace NativeSeg.Inference;

public enum CaseState { Done, Missing, Partial, Running }

/// <summary>
/// Where a (possibly sharded) folder prediction stands: a case is done when all its outputs exist (the mask is
/// renamed into place last), running while a process holds its <see cref="CaseLock"/>, partial when only temporaries
/// of it exist and nobody holds it (a killed process), missing otherwise. Opens no image.
/// </summary>
public static class PredictionStatus
{
    public static IReadOnlyList<(PredictionCase Case, CaseState State)> Of(string input, string output, bool probabilities) =>
        PredictionPlan.Resolve(input, output, probabilities).Select(c => (c, StateOf(c))).ToList();

    private static CaseState StateOf(PredictionCase c) =>
        c.Outputs.All(File.Exists) ? CaseState.Done
        : CaseLock.IsHeld(c) ? CaseState.Running
        : c.Outputs.Any(AtomicFile.HasLeftovers) ? CaseState.Partial
        : CaseState.Missing;
}
