using NativeSeg.Equivariant.Torch;
using TorchSharp;
using static TorchSharp.torch;

namespace NativeSeg.Training.Optimization;

/// <summary>
/// TorchSharp's Adam with every Scalar kept alive across the libtorch call that reads it. TorchSharp's own step converts
/// its rates to temporary Scalars (mul_(beta1), add_(grad, 1 - beta1), ... / sqrt(d)), which the garbage collector may
/// finalize while libtorch reads them (Equivariant/Torch/KeptScalars says more). The arithmetic is TorchSharp 0.107's
/// step, operation for operation, so the numbers are the same; its state, options and state dict are Adam's own, and
/// it is named Adam because TorchSharp's state dict records the class name: a checkpoint written by either loads into
/// the other. Neither maximize nor weight decay nor amsgrad is used here.
/// </summary>
public sealed class Adam : TorchSharp.Modules.Adam
{
    public Adam(IEnumerable<ParamGroup> groups, double lr) : base(groups, lr) { }

    public Adam(IEnumerable<TorchSharp.Modules.Parameter> parameters, double lr) : base(parameters, lr) { }

    public override Tensor step(Func<Tensor>? closure = null) => _step<ParamGroup>(group =>
    {
        var options = (Options)group.Options;
        if (options.maximize == true || options.weight_decay is not (null or 0) || options.amsgrad == true)
            throw new NotSupportedException("NativeSeg's Adam implements Adam without maximize, weight decay or amsgrad");
        double beta1 = options.beta1!.Value, beta2 = options.beta2!.Value;
        using var beta1Scalar = beta1.ToScalar();
        using var beta2Scalar = beta2.ToScalar();
        using var oneMinusBeta1 = (1.0 - beta1).ToScalar();
        using var oneMinusBeta2 = (1.0 - beta2).ToScalar();
        using var eps = options.eps!.Value.ToScalar();
        foreach (var parameter in group.Parameters)
        {
            var state = (State)_state[parameter.Handle];
            var grad = parameter.grad;
            if (grad is null) continue;
            state.step++;
            double biasCorrection1 = 1.0 - Math.Pow(beta1, state.step);
            double biasCorrection2 = 1.0 - Math.Pow(beta2, state.step);
            state.exp_avg.mul_(beta1Scalar).add_(grad, oneMinusBeta1);
            state.exp_avg_sq.mul_(beta2Scalar).addcmul_(grad, grad.conj(), oneMinusBeta2);
            using var root = Math.Sqrt(biasCorrection2).ToScalar();
            var denominator = (state.exp_avg_sq.sqrt() / root).add_(eps, KeptScalars.One);
            using var stepSize = (0.0 - options.LearningRate!.Value / biasCorrection1).ToScalar();
            parameter.addcdiv_(state.exp_avg, denominator, stepSize);
        }
    }, closure);
}
