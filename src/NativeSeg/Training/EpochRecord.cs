namespace NativeSeg.Training;

/// <summary>One line of training.csv.</summary>
/// <param name="Steps">Optimizer steps taken by the end of this epoch (-1 in files written before the column existed).</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationDice, double Seconds, long Steps = -1);

/// <summary>What a training run reports while it works (the CLI draws it with Spectre.Console).</summary>
public interface ITrainingProgress
{
    void Started(int firstEpoch, int epochs, int stepsPerEpoch);
    void Step(int epoch, int step, double loss);
    void EpochDone(EpochRecord record, bool improved);
    void Message(string text);
}
