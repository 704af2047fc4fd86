namespace NativeSeg.Training;

/// <summary>One line of training.csv.</summary>
/// <param name="Steps">Optimizer steps taken by the end of this epoch (-1 in files written before the column existed).</param>
/// <param name="GradNormMedian">Median over the epoch's steps of the gradients' global L2 norm before clipping (NaN in older files).</param>
/// <param name="GradNormMax">Largest of them: a diverging run shows here before its loss does.</param>
public sealed record EpochRecord(int Epoch, double TrainLoss, double ValidationLoss, double ValidationDice, double Seconds, long Steps = -1,
                                 double GradNormMedian = double.NaN, double GradNormMax = double.NaN);

/// <summary>What a training run reports while it works (the CLI draws it with Spectre.Console).</summary>
public interface ITrainingProgress
{
    void Started(int firstEpoch, int epochs, int stepsPerEpoch);
    void Step(int epoch, int step, double loss);
    void EpochDone(EpochRecord record, bool improved);
    void Message(string text);
}
