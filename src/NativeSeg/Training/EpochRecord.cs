namespace NativeSeg.Training;

/// <summary>One line of training.csv.</summary>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationDice, double Seconds);

/// <summary>What a training run reports while it works (the CLI draws it with Spectre.Console).</summary>
public interface ITrainingProgress
{
    void Started(int firstEpoch, int epochs, int stepsPerEpoch);
    void Step(int epoch, int step, double loss);
    void EpochDone(EpochRecord record, bool improved);
    void Message(string text);
}
