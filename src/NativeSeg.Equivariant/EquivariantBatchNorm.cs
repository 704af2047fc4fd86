using NativeSeg.Equivariant.Torch;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant;

/// <summary>How the squared size of an irrep copy is taken: mean (component) or sum (norm) over its 2l+1 components.</summary>
public enum BatchNormNormalization { Component, Norm }

/// <summary>
/// e3nn's BatchNorm for irreps. Per irrep copy: 0e scalars are centred by their mean and get a bias; every copy is
/// divided by sqrt(mean over the statistics axes of mean_m(x^2) + eps) (after centring for 0e) and times its weight.
/// Statistics axes: the spatial positions of each sample (instance mode; no running statistics, train = eval) or
/// batch and positions (batch mode; running mean / mean-of-squares with momentum, used in eval). Input channels
/// are dim 1: [N, C] or [B, C, X, Y, Z]. Parameters "weight" [NumIrreps] (init 1) and "bias" [number of 0e copies]
/// (init 0); buffers "running_mean", "running_var" in batch mode.
/// </summary>
public sealed class EquivariantBatchNorm : nn.Module<Tensor, Tensor>
{
    public Irreps Irreps { get; }
    public double Eps { get; }
    public double Momentum { get; }
    public bool Affine { get; }
    public bool Instance { get; }
    public BatchNormNormalization Normalization { get; }

    private readonly Parameter? weight;
    private readonly Parameter? bias;
    private readonly Tensor? running_mean;
    private readonly Tensor? running_var;

    public Parameter? Weight => weight;
    public Parameter? Bias => bias;
    public Tensor? RunningMean => running_mean;
    public Tensor? RunningVar => running_var;

    public EquivariantBatchNorm(Irreps irreps, double eps = 1e-5, double momentum = 0.1, bool affine = true, bool instance = false,
                                BatchNormNormalization normalization = BatchNormNormalization.Component, ScalarType dtype = ScalarType.Float32)
        : base(nameof(EquivariantBatchNorm))
    {
        Irreps = irreps;
        Eps = eps;
        Momentum = momentum;
        Affine = affine;
        Instance = instance;
        Normalization = normalization;
        int scalars = irreps.Where(b => b.Irrep.IsScalar).Sum(b => b.Mul);
        if (affine)
        {
            weight = new Parameter(ones(irreps.NumIrreps, dtype: dtype));
            bias = new Parameter(zeros(scalars, dtype: dtype));
            register_parameter(nameof(weight), weight);
            register_parameter(nameof(bias), bias);
        }
        if (!instance)
        {
            running_mean = zeros(scalars, dtype: dtype);
            running_var = ones(irreps.NumIrreps, dtype: dtype);
            register_buffer(nameof(running_mean), running_mean);
            register_buffer(nameof(running_var), running_var);
        }
    }

    public override Tensor forward(Tensor x)
    {
        if (x.dim() < 2 || x.shape[1] != Irreps.Dim)
            throw new ArgumentException($"batch norm {Irreps}: expected {Irreps.Dim} channels at dim 1, got [{string.Join(", ", x.shape)}]");
        using var scope = NewDisposeScope();
        long batch = x.shape[0];
        var flat = x.reshape(batch, Irreps.Dim, -1);
        bool useBatchStats = training || Instance;
        long[] axes = Instance ? [2, 3] : [0, 2, 3];
        var newMeans = new List<Tensor>();
        var newVars = new List<Tensor>();
        // Per channel, out = x * scale + shift, as ATen's batch_norm applies it: one pass over the input for the
        // statistics of each irrep, one for the output of all of them (no centred copy, no squares, no concatenation).
        var scales = new List<Tensor>();
        var shifts = new List<Tensor>();
        int ix = 0, irm = 0, irv = 0;
        foreach (var block in Irreps)
        {
            int mul = block.Mul, d = block.Irrep.Dim;
            var field = flat.narrow(1, ix, mul * d).reshape(batch, mul, d, -1); // [B, mul, 2l+1, positions]
            ix += mul * d;
            Tensor? mean = null;
            Tensor norm;
            if (useBatchStats)
            {
                if (block.Irrep.IsScalar) (norm, mean) = var_mean(field, axes, unbiased: false);   // mean((x - mean)^2), d = 1
                else
                {
                    // The mean square as variance + mean^2, from one pass in whatever layout the convolution left (a
                    // product of each copy's row with itself needs the row contiguous, which channels-last is not).
                    var (variance, average) = var_mean(field, axes, unbiased: false);
                    norm = variance.addcmul(average, average, KeptScalars.One);
                    if (Normalization == BatchNormNormalization.Norm) norm = norm * KeptScalars.Of(d);
                }
                if (!Instance)
                {
                    if (mean is not null) newMeans.Add(Roll(running_mean!.narrow(0, irm, mul), mean));
                    newVars.Add(Roll(running_var!.narrow(0, irv, mul), norm));
                }
            }
            else
            {
                norm = running_var!.narrow(0, irv, mul);
                if (block.Irrep.IsScalar) mean = running_mean!.narrow(0, irm, mul);
            }
            var factor = (norm.Plus(KeptScalars.Of(Eps))).rsqrt();
            if (weight is not null) factor = factor * weight.narrow(0, irv, mul);
            factor = factor.reshape(-1, mul);                                   // [B, mul] (instance) or [1, mul]
            Tensor? shift = mean is null ? null : -mean.reshape(-1, mul) * factor;   // a mean exactly where a 0e block is
            if (shift is not null && bias is not null) shift = shift.Plus(bias.narrow(0, irm, mul).view(1, mul));
            scales.Add(PerComponent(factor, d));
            shifts.Add(shift is null ? zeros(factor.shape[0], mul * d, dtype: x.dtype, device: x.device) : PerComponent(shift, d));
            if (block.Irrep.IsScalar) irm += mul;
            irv += mul;
        }
        if (training && !Instance)
        {
            using var _ = no_grad();
            if (newMeans.Count > 0) running_mean!.copy_(cat(newMeans, 0));
            if (newVars.Count > 0) running_var!.copy_(cat(newVars, 0));
        }
        var scale = cat(scales, 1).unsqueeze(-1);
        var offset = cat(shifts, 1).unsqueeze(-1);
        return addcmul(offset, flat, scale, KeptScalars.One).reshape(x.shape).MoveToOuterDisposeScope();
    }

    /// <summary>A value per irrep copy [rows, mul] as one per component [rows, mul * d].</summary>
    private static Tensor PerComponent(Tensor perCopy, int d) => d == 1 ? perCopy : perCopy.unsqueeze(-1).expand(-1, -1, d).reshape(perCopy.shape[0], -1);

    private Tensor Roll(Tensor current, Tensor update) => (current * KeptScalars.Of(1 - Momentum)).Plus(update.detach() * KeptScalars.Of(Momentum));

    public override string ToString() => $"EquivariantBatchNorm({Irreps}, {(Instance ? "instance" : "batch")})";
}
