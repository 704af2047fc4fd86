namespace NativeSeg.Nets.Execution;

/// <summary>
/// The bfloat16 probe's verdict, kept per machine once it has failed. The fault it looks for is intermittent: a probe
/// can pass by chance (a full test run once trained a net whose bfloat16 step gave infinite gradients right after the
/// probe had passed), but a machine that has shown the fault once has the fault. So a failure is kept in the machine's
/// calibration file and every later process refuses bfloat16 there without probing; a pass is not kept, and each
/// process that asks for bfloat16 probes again.
/// </summary>
public static class Bf16Verdict
{
    public const string Fault = "fault";

    public static string Key(bool training) => training ? "bf16 probe|training steps" : "bf16 probe|forward passes";

    /// <summary>False without probing where a fault is kept; otherwise the probe's verdict, a failure kept.</summary>
    public static bool Trusted(ConvolutionCalibration calibration, bool training, Func<bool> probe)
    {
        string key = Key(training);
        if (calibration.Fact(key) == Fault) return false;
        bool passes = probe();
        if (!passes) calibration.Keep(key, Fault);
        return passes;
    }
}
