using System.Runtime.InteropServices;

namespace NativeSeg.Training;

/// <summary>
/// Training that survives a fault in libtorch: when libtorch fails inside a step, continue from the latest checkpoint
/// (or start again when there is none yet), as a user re-running the command with --resume would. Resume is exact,
/// so a restarted run ends where an uninterrupted one would; it costs at most the unfinished epoch. Experiments allow
/// <see cref="MaxRestarts"/> restarts, `train` one; a failure beyond that is reported.
/// </summary>
public static class RestartingTraining
{
    public const int MaxRestarts = 2;

    /// <summary>The first attempt runs <paramref name="options"/> as given; a restart resumes whatever checkpoint there is.</summary>
    public static TrainingSummary Run(TrainingOptions options, ITrainingProgress? progress = null, int maxRestarts = MaxRestarts)
    {
        for (int restart = 0; ; restart++)
        {
            try
            {
                return Trainer.Run(restart == 0 ? options : options with { Resume = Checkpoint.Find(options.OutDir) is not null }, progress);
            }
            catch (ExternalException e) when (restart < maxRestarts)
            {
                progress?.Message($"libtorch failed ({FirstLine(e.Message)}); continuing from the latest checkpoint (restart {restart + 1} of {maxRestarts})");
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
