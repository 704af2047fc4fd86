using System.Runtime.InteropServices;

namespace NativeSeg.Training;

/// <summary>
/// Unattended training (experiments): when libtorch fails inside a step, continue from the latest checkpoint, as
/// a user re-running the command would. Resume is exact, so a restarted run ends where an uninterrupted one would;
/// it costs at most the unfinished epoch. A failure that repeats <see cref="MaxRestarts"/> times is reported.
/// </summary>
public static class RestartingTraining
{
    public const int MaxRestarts = 2;

    public static TrainingSummary Run(TrainingOptions options, ITrainingProgress? progress = null)
    {
        for (int restart = 0; ; restart++)
        {
            try
            {
                return Trainer.Run(options with { Resume = Checkpoint.Find(options.OutDir) is not null }, progress);
            }
            catch (ExternalException e) when (restart < MaxRestarts)
            {
                progress?.Message($"libtorch failed ({FirstLine(e.Message)}); continuing from the latest checkpoint (restart {restart + 1} of {MaxRestarts})");
            }
        }
    }

    private static string FirstLine(string text) => text.Split('\n', 2)[0].Trim();
}
