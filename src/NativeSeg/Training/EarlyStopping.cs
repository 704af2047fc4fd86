namespace NativeSeg.Training;

/// <summary>Stops when the validation loss has not improved for <see cref="Patience"/> epochs; the best epoch's weights are the model.</summary>
public sealed class EarlyStopping(int patience)
{
    public int Patience { get; } = patience;
    public double BestLoss { get; set; } = double.PositiveInfinity;
    public int BestEpoch { get; set; } = -1;
    public int EpochsWithoutImprovement { get; set; }

    /// <summary>Records an epoch's validation loss; true when it is a new best.</summary>
    public bool Update(int epoch, double validationLoss)
    {
        if (validationLoss < BestLoss)
        {
            BestLoss = validationLoss;
            BestEpoch = epoch;
            EpochsWithoutImprovement = 0;
            return true;
        }
        EpochsWithoutImprovement++;
        return false;
    }

    public bool ShouldStop => EpochsWithoutImprovement >= Patience;
}
