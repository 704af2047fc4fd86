using NativeSeg.Nets.Model;
using TorchSharp.Modules;

namespace NativeSeg.Training;

/// <summary>
/// Adam's learning rate per parameter group. e3nn keeps every weight at N(0, 1) and applies the fan-in scale as a
/// constant, so one Adam step moves a resolution-adaptive layer's output far less than a plain convolution's; the
/// groups let the radial weights (the kernels' spatial part), the self-connections and the rest (norms, head,
/// bias) learn at their own rates. A null group rate is the base rate. The plain U-Net has only "other".
/// </summary>
public sealed record LearningRates(double Base, double? Radial = null, double? SelfConnection = null, double? Other = null)
{
    public double RadialRate => Radial ?? Base;
    public double SelfConnectionRate => SelfConnection ?? Base;
    public double OtherRate => Other ?? Base;

    public bool Uniform => RadialRate == Base && SelfConnectionRate == Base && OtherRate == Base;

    /// <summary>The three groups of a net; every parameter in exactly one.</summary>
    public static (IReadOnlyList<Parameter> Radial, IReadOnlyList<Parameter> SelfConnection, IReadOnlyList<Parameter> Other) Groups(SegmentationNet net)
    {
        var radial = new List<Parameter>();
        var self = new List<Parameter>();
        if (net.ResolutionAdaptive is { } ra)
            foreach (var conv in ra.Convolutions)
            {
                radial.Add(conv.Weight);
                self.AddRange(conv.SelfConnection.parameters());
            }
        var taken = new HashSet<IntPtr>(radial.Concat(self).Select(p => p.Handle));
        var other = net.parameters().Where(p => !taken.Contains(p.Handle)).ToList();
        return (radial, self, other);
    }

    /// <summary>Every rate must lie in (0, 1]; the message names the option.</summary>
    public void Check()
    {
        foreach (var (name, rate) in new[] { ("--lr", Base), ("--lr-radial", RadialRate), ("--lr-self-connection", SelfConnectionRate), ("--lr-other", OtherRate) })
            if (!(rate > 0 && rate <= 1)) throw new UserInputException($"{name} {rate}: expected a learning rate in (0, 1]");
    }

    /// <summary>Adam (<see cref="Optimization.Adam"/>) over the net's parameters with these rates (one group when they are all equal, as before groups existed).</summary>
    public Optimization.Adam Optimizer(SegmentationNet net)
    {
        Check();
        if (Uniform) return new Optimization.Adam(net.parameters(), Base);
        var (radial, self, other) = Groups(net);
        var groups = new List<TorchSharp.Modules.Adam.ParamGroup>();
        foreach (var (parameters, rate) in new[] { (radial, RadialRate), (self, SelfConnectionRate), (other, OtherRate) })
            if (parameters.Count > 0) groups.Add(new TorchSharp.Modules.Adam.ParamGroup(parameters, rate, 0.9, 0.999, 1e-8, 0, false, false));
        return new Optimization.Adam(groups, Base);
    }
}
