using NativeSeg.Equivariant;
using static NativeSeg.Nets.Export.OnnxGraph;

namespace NativeSeg.Nets.Export;

/// <summary>
/// The equivariant layers as plain ONNX ops, each the same arithmetic as its TorchSharp forward in eval mode: the
/// norm (instance statistics, or the running ones folded into one scale and shift), the gate (gathers, activations
/// with e3nn's normalize2mom constants, products), and the pooling (plain max for scalars; for l > 0 the components
/// of the voxel where the copy's norm is largest, picked with MaxPool's indices).
/// </summary>
public static class EquivariantOnnx
{
    public static OnnxValue Norm(OnnxGraph g, OnnxValue x, EquivariantBatchNorm norm)
    {
        if (!norm.Instance) return RunningNorm(g, x, norm);
        var fields = new List<string>();
        int ix = 0, irm = 0, irv = 0;
        foreach (var block in norm.Irreps)
        {
            int mul = block.Mul, d = block.Irrep.Dim;
            // [1, mul, 2l+1, X, Y, Z]: statistics over the components and each spatial axis in turn (CommonOnnx.SpatialMean).
            string field = g.Node("Reshape", [Channels(g, x, ix, mul * d), g.ShapeWith([1, mul, d], x.Name)]);
            ix += mul * d;
            if (block.Irrep.IsScalar)
                field = g.Node("Sub", [field, CommonOnnx.SpatialMean(g, field, 2, 3, 4, 5)]);
            string squares = g.Node("Mul", [field, field]);
            string meanSquare = norm.Normalization == BatchNormNormalization.Component
                ? CommonOnnx.SpatialMean(g, squares, 2, 3, 4, 5)
                : CommonOnnx.SpatialMean(g, g.Node("ReduceSum", [squares, g.Int64s("axes", 2)], Int("keepdims", 1)), 3, 4, 5);
            string factor = CommonOnnx.InverseStd(g, meanSquare, norm.Eps);
            if (norm.Weight is { } w) factor = g.Node("Mul", [factor, g.Constant("norm_weight", w.narrow(0, irv, mul).reshape(1, mul, 1, 1, 1, 1))]);
            field = g.Node("Mul", [field, factor]);
            if (norm.Bias is { } b && block.Irrep.IsScalar) field = g.Node("Add", [field, g.Constant("norm_bias", b.narrow(0, irm, mul).reshape(1, mul, 1, 1, 1, 1))]);
            if (block.Irrep.IsScalar) irm += mul;
            irv += mul;
            fields.Add(g.Node("Reshape", [field, g.ShapeWith([1, (long)mul * d], x.Name)]));
        }
        return x with { Name = fields.Count == 1 ? fields[0] : g.Node("Concat", fields, Int("axis", 1)) };
    }

    /// <summary>Running statistics: per channel (x - mean) * w / sqrt(var + eps) + b, one Mul and one Add over all channels.</summary>
    private static OnnxValue RunningNorm(OnnxGraph g, OnnxValue x, EquivariantBatchNorm norm)
    {
        var scale = new List<float>();
        var shift = new List<float>();
        float[] mean = norm.RunningMean!.data<float>().ToArray(), variance = norm.RunningVar!.data<float>().ToArray();
        float[]? weight = norm.Weight?.data<float>().ToArray(), bias = norm.Bias?.data<float>().ToArray();
        int irm = 0, irv = 0;
        foreach (var block in norm.Irreps)
            for (int m = 0; m < block.Mul; m++, irv++)
            {
                float factor = (float)(1 / Math.Sqrt(variance[irv] + norm.Eps)) * (weight?[irv] ?? 1f);
                float offset = block.Irrep.IsScalar ? -mean[irm] * factor + (bias?[irm] ?? 0f) : 0f;
                if (block.Irrep.IsScalar) irm++;
                for (int c = 0; c < block.Irrep.Dim; c++)
                {
                    scale.Add(factor);
                    shift.Add(offset);
                }
            }
        string scaled = g.Node("Mul", [x.Name, g.Floats("scale", scale.ToArray(), 1, scale.Count, 1, 1, 1)]);
        return x with { Name = g.Node("Add", [scaled, g.Floats("shift", shift.ToArray(), 1, shift.Count, 1, 1, 1)]) };
    }

    public static OnnxValue Gate(OnnxGraph g, OnnxValue x, Gate gate)
    {
        var (scalars, gates, gated, gateOfGated) = gate.Channels;
        var parts = new List<string>();
        string scalarValues = g.Node("Gather", [x.Name, g.Int64s("scalars", scalars)], Int("axis", 1));
        foreach (var ((start, length), activation) in gate.ScalarActivations)
            parts.Add(Activate(g, g.Node("Slice", [scalarValues, g.Int64s("starts", start), g.Int64s("ends", start + length), g.Int64s("axes", 1)]), activation));
        if (gated.Length > 0)
        {
            string gateValues = Activate(g, g.Node("Gather", [x.Name, g.Int64s("gates", gates)], Int("axis", 1)), gate.GateActivation);
            string gatedValues = g.Node("Gather", [x.Name, g.Int64s("gated", gated)], Int("axis", 1));
            parts.Add(g.Node("Mul", [gatedValues, g.Node("Gather", [gateValues, g.Int64s("gate_of", gateOfGated)], Int("axis", 1))]));
        }
        return new OnnxValue(parts.Count == 1 ? parts[0] : g.Node("Concat", parts, Int("axis", 1)), [1, gate.IrrepsOut.Dim, .. x.Spatial]);
    }

    /// <summary>e3nn's activation times its normalize2mom constant.</summary>
    private static string Activate(OnnxGraph g, string x, Activation activation)
    {
        string y = activation.Name switch
        {
            "relu" => g.Node("Relu", [x]),
            "sigmoid" => g.Node("Sigmoid", [x]),
            "tanh" => g.Node("Tanh", [x]),
            "silu" => g.Node("Mul", [x, g.Node("Sigmoid", [x])]),
            "abs" => g.Node("Abs", [x]),
            var other => throw new NotSupportedException($"activation {other}: no ONNX form"),
        };
        return g.Node("Mul", [y, g.Floats("act_constant", [(float)activation.Constant])]);
    }

    public static OnnxValue Pool(OnnxGraph g, OnnxValue x, Irreps irreps, long[] window)
    {
        long[] pooled = x.Spatial.Zip(window, (n, k) => n < 0 ? -1 : n / k).ToArray();
        string voxels = g.Node("ReduceProd", [g.Node("Shape", [x.Name], Int("start", 2))], Int("keepdims", 0));
        var pool = new[] { Ints("kernel_shape", window), Ints("strides", window) };
        var blocks = new List<string>();
        int offset = 0;
        foreach (var block in irreps)
        {
            string field = Channels(g, x, offset, block.Dim);
            offset += block.Dim;
            if (block.Irrep.L == 0)
            {
                blocks.Add(g.Node("MaxPool", [field], pool));
                continue;
            }
            int mul = block.Mul, d = block.Irrep.Dim;
            string copies = g.Node("Reshape", [field, g.ShapeWith([1, mul, d], x.Name)]);
            string norms = g.Node("ReduceSum", [g.Node("Mul", [copies, copies]), g.Int64s("axes", 2)], Int("keepdims", 0));
            string indices = g.Node("MaxPool", [norms], 2, pool)[1];
            // MaxPool's indices run over the whole [1, mul, X, Y, Z] tensor; modulo the volume they index one copy's voxels.
            string within = g.Node("Mod", [indices, voxels]);
            string gather = g.Node("Expand", [g.Node("Reshape", [within, g.Int64s("shape", 1, mul, 1, -1)]), g.Int64s("shape", 1, 1, d, 1)]);
            string picked = g.Node("GatherElements", [g.Node("Reshape", [field, g.Int64s("shape", 1, mul, d, -1)]), gather], Int("axis", 3));
            blocks.Add(g.Node("Reshape", [picked, g.ShapeWith([1, (long)mul * d], indices)]));
        }
        return new OnnxValue(blocks.Count == 1 ? blocks[0] : g.Node("Concat", blocks, Int("axis", 1)), [1, x.Channels, .. pooled]);
    }

    /// <summary>Channels [start, start + count) of x.</summary>
    public static string Channels(OnnxGraph g, OnnxValue x, int start, int count) =>
        start == 0 && count == x.Channels ? x.Name : g.Node("Slice", [x.Name, g.Int64s("starts", start), g.Int64s("ends", start + count), g.Int64s("axes", 1)]);
}
