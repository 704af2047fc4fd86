namespace NativeSeg.Evaluation.Challenges;

/// <summary>
/// MSSEG 2016 (Commowick et al. 2018, Sci Rep 8:13650, §"Evaluation metrics"), as Anima's animaSegPerfAnalyzer computes
/// it (Anima-Public, segmentation_performance_analyzer/animaSegPerfCAnalyzer.cxx, defaults in animaSegPerfApp.cxx):
/// lesions are 6-connected components (ITK ConnectedComponentImageFilter, not fully connected) of more than 3 mm³
/// (floor(3 / voxel volume) + 1 voxels; smaller ones become background in both masks). A truth lesion is detected when
/// the prediction covers more than α = 10 % of it and, going through the overlapping predicted lesions by decreasing
/// overlap until they account for γ = 65 % of the covered voxels, none lies more than β = 70 % outside the truth
/// lesion; predicted lesions are scored the same way against the truth. Dice is voxel-wise on the whole masks.
/// Empty cases give Anima's NaN (null): PPVL without predicted lesions, SensL without truth lesions.
/// </summary>
public sealed class Msseg2016Metrics : IChallengeMetrics
{
    public const double MinLesionMm3 = 3, Alpha = 0.1, Beta = 0.7, Gamma = 0.65;
    public const int Connectivity = 6;

    public ChallengePreset Preset => ChallengePreset.Msseg2016;

    public IReadOnlyList<ChallengeColumn> Columns { get; } =
        [new("msseg_dice", true), new("msseg_ppvl", true), new("msseg_sensl", true), new("msseg_f1", true), new("msseg_lesions_truth", true), new("msseg_lesions_pred", true)];

    /// <summary>Anima's size floor in voxels: lesions must be strictly larger than <see cref="MinLesionMm3"/>.</summary>
    public static int MinVoxels(double voxelVolumeMm3) => (int)Math.Floor(MinLesionMm3 / voxelVolumeMm3) + 1;

    public IReadOnlyDictionary<string, double?> Compute(ChallengeCase c)
    {
        int min = MinVoxels(c.VoxelVolumeMm3);
        var (t, nt) = SizeFilter.Keep(c.Truth, c.Shape, Connectivity, min);
        var (p, np) = SizeFilter.Keep(c.Pred, c.Shape, Connectivity, min);
        var table = new ComponentOverlap(t, nt, p, np);
        int truthDetected = nt > 0 && np > 0 ? Detected(table) : 0;
        int predDetected = nt > 0 && np > 0 ? Detected(table.Transposed()) : 0;
        double ppvl = (double)predDetected / np, sensl = (double)truthDetected / nt;   // 0/0 = NaN, as in Anima
        double f1 = 2 * ppvl * sensl / (ppvl + sensl);
        return new Dictionary<string, double?>
        {
            ["msseg_dice"] = Defined(OverlapMetrics.Dice(c.Pred, c.Truth)),
            ["msseg_ppvl"] = Defined(ppvl),
            ["msseg_sensl"] = Defined(sensl),
            ["msseg_f1"] = Defined(f1),
            ["msseg_lesions_truth"] = nt,
            ["msseg_lesions_pred"] = np,
        };
    }

    private static double? Defined(double v) => double.IsFinite(v) ? v : null;

    /// <summary>getTruePositiveLesions: reference (row) lesions detected by the test (column) lesions.</summary>
    private static int Detected(ComponentOverlap table)
    {
        int detected = 0;
        for (int i = 1; i <= table.TruthCount; i++)
        {
            long covered = table.TruthSize(i) - table.Count[i, 0];
            double sensitivity = (double)covered / table.TruthSize(i);
            if (sensitivity > Alpha && NotTooMuchOutside(table, i, covered)) detected++;
        }
        return detected;
    }

    /// <summary>
    /// falsePositiveRatioTester. Anima bounds the walk by the number of reference labels (background included) rather
    /// than of test lesions; kept, since it decides rare cases with many fragments. Ties in overlap keep label order.
    /// </summary>
    private static bool NotTooMuchOutside(ComponentOverlap table, int i, long covered)
    {
        var byOverlap = Enumerable.Range(1, table.PredCount).OrderByDescending(j => table.Count[i, j]).ToList();
        double weight = 0;
        for (int k = 0; weight < Gamma && k < table.TruthCount + 1 && k < byOverlap.Count; k++)
        {
            int j = byOverlap[k];
            if ((double)table.Count[0, j] / table.PredSize(j) > Beta) return false;
            weight += (double)table.Count[i, j] / covered;
        }
        return true;
    }
}
