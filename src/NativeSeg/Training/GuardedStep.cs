using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>
/// One optimizer update that is skipped when the loss or the gradients' global norm is not finite, as mixed-precision
/// loss scalers skip overflowing steps: a single diverging batch must not turn every weight into NaN for the rest of
/// the run. (Seen in the fair CPU protocol: a 15-feature U-Net at Adam 2e-2 on mixed 3D + 2D data went NaN at step
/// ~80 and spent 150 more steps on NaN.) The same rule holds for every model. Clipping, when asked, uses the same norm.
/// </summary>
public static class GuardedStep
{
    /// <param name="norm">The gradients' global L2 norm before clipping (training.csv logs it per epoch).</param>
    /// <returns>False when the update was skipped.</returns>
    public static bool Apply(double loss, IList<Parameter> parameters, Optimization.Adam optimizer, double? clip, out double norm)
    {
        norm = nn.utils.clip_grad_norm_(parameters, clip ?? double.PositiveInfinity);
        if (!double.IsFinite(loss) || !double.IsFinite(norm)) return false;
        optimizer.step();
        return true;
    }
}
