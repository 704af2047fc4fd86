using System.Text.Json;
using static TorchSharp.torch;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>batch_norm.json: train output per mode; in batch mode also the running statistics and the eval output.</summary>
public sealed class BatchNormCheck() : NamedFixtureCheck("batch_norm")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        var irreps = root.IrrepsOf("irreps");
        double eps = root.Number("eps"), momentum = root.Number("momentum");
        bool affine = root.TryGetProperty("affine", out var a) ? a.GetBoolean() : true;
        if (root.TryGetProperty("reduce", out var reduce) && reduce.GetString() != "mean")
            throw new InvalidDataException($"batch_norm: reduce '{reduce.GetString()}' is not supported (only 'mean')");
        var normalization = root.TryGetProperty("normalization", out var n) && n.GetString() == "norm"
            ? BatchNormNormalization.Norm : BatchNormNormalization.Component;
        if (root.TryGetProperty("layout", out var layout) && layout.GetString() != "x[batch][x][y][z][channel]")
            throw new InvalidDataException($"batch_norm: layout '{layout.GetString()}' is not supported");
        foreach (var item in root.Required("items").EnumerateArray())
        {
            bool instance = item.Bool("instance");
            using var bn = new EquivariantBatchNorm(irreps, eps, momentum, affine, instance, normalization, ScalarType.Float64);
            string name = instance ? "instance" : "batch";
            using (no_grad())
            {
                if (affine)
                {
                    bn.Weight!.copy_(item.Tensor("weight"));
                    bn.Bias!.copy_(item.Tensor("bias"));
                }
            }
            // The fixture is channels last [B, ..., C]; the module reads channels at dim 1.
            var x = ChannelsFirst(item.Tensor("x"));
            bn.train();
            errors.Compare(ChannelsLast(bn.forward(x)), item.Tensor("train_out"), $"{name} train_out");
            if (item.TryGetProperty("running_mean", out var rm)) errors.Compare(bn.RunningMean!, FixtureJson.ToTensor(rm), $"{name} running_mean");
            if (item.TryGetProperty("running_var", out var rv)) errors.Compare(bn.RunningVar!, FixtureJson.ToTensor(rv), $"{name} running_var");
            if (item.TryGetProperty("eval_out", out var evalOut))
            {
                bn.eval();
                errors.Compare(ChannelsLast(bn.forward(x)), FixtureJson.ToTensor(evalOut), $"{name} eval_out");
            }
        }
    }

    private static Tensor ChannelsFirst(Tensor x) => x.dim() <= 2 ? x : movedim(x, x.dim() - 1, 1);

    private static Tensor ChannelsLast(Tensor x) => x.dim() <= 2 ? x : movedim(x, 1, x.dim() - 1);
}
