using NativeSeg.Imaging.Geometry;
using NativeSeg.Nets.Kernels;
using NativeSeg.Nets.Layers;
using System.Text.Json;
using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Fixtures;
using static TorchSharp.torch;
using NativeSeg.Equivariant.Torch;

namespace NativeSeg.Nets.Fixtures;

/// <summary>
/// voxel_convolution.json: builds a <see cref="ResolutionAdaptiveConvolution"/> per configuration from the recorded
/// irreps, diameter, radial basis, cutoff and weights, and compares (float64) its lattice, weight-independent
/// basis, realized kernel at the recorded spacing, self-connection, convolution and full output.
/// </summary>
public sealed class VoxelConvolutionCheck : IFixtureCheck
{
    public string Kind => "voxel_convolution";

    public bool CanCheck(string fileName, JsonElement meta) => FixtureChecks.NamedFor(Kind, fileName);

    public FixtureCheckResult Check(JsonDocument document)
    {
        var errors = new ErrorTracker();
        int index = 0;
        foreach (var item in document.RootElement.Required("items").EnumerateArray())
        {
            using var scope = NewDisposeScope();
            CheckItem(item, $"item {index++}", errors);
        }
        return errors.Result();
    }

    private static void CheckItem(JsonElement item, string name, ErrorTracker errors)
    {
        int lmax = item.Int("lmax");
        var irrepsSh = item.IrrepsOf("irreps_sh");
        bool odd = irrepsSh == Irreps.SphericalHarmonics(lmax, p: -1) && lmax > 0;
        if (!odd && irrepsSh != Irreps.SphericalHarmonics(lmax, p: 1))
            throw new InvalidDataException($"{name}: irreps_sh {irrepsSh} are not the spherical harmonics up to lmax {lmax}");
        var steps = item.Required("steps").EnumerateArray().Select(e => e.GetDouble()).ToArray();
        if (steps.Length != 3) throw new InvalidDataException($"{name}: steps must hold 3 numbers, got {steps.Length}");
        var spacing = new Spacing(steps[0], steps[1], steps[2]);
        double diameter = item.Number("diameter");
        if (item.TryGetProperty("r", out var r) && Math.Abs(r.GetDouble() - diameter / 2) > 1e-12)
            throw new InvalidDataException($"{name}: r {r.GetDouble()} is not diameter / 2");

        using var conv = new ResolutionAdaptiveConvolution(item.IrrepsOf("irreps_in"), item.IrrepsOf("irreps_out"), diameter,
            item.Int("num_radial_basis"), item.Bool("cutoff"), lmax, odd, dtype: ScalarType.Float64);
        conv.eval();
        if (conv.WeightNumel != item.Int("weight_numel"))
            throw new InvalidDataException($"{name}: weight_numel {conv.WeightNumel}, fixture {item.Int("weight_numel")}");
        CompareInstructions(conv.TensorProduct.Instructions, item.Required("tp_instructions"), name, errors);

        var n = conv.HalfWidth(spacing);
        var expectedN = item.Required("n_per_axis").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        var expectedPadding = item.Required("padding").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        if (!n.ToArray().SequenceEqual(expectedN) || !n.ToArray().SequenceEqual(expectedPadding))
            throw new InvalidDataException($"{name}: lattice half widths {n} at {spacing}, fixture n_per_axis [{string.Join(", ", expectedN)}], padding [{string.Join(", ", expectedPadding)}]");

        var basis = conv.BasisFor(spacing);
        if (basis.Points != item.Int("num_lattice_points"))
            throw new InvalidDataException($"{name}: {basis.Points} lattice points, fixture {item.Int("num_lattice_points")}");
        var lattice = item.Tensor("lattice");
        errors.Compare(LatticeBasis.Offsets(spacing, n).view(lattice.shape), lattice, $"{name} lattice");
        long points = basis.Points;
        var emb = item.Tensor("emb").reshape(points, -1);
        var sh = item.Tensor("sh").reshape(points, -1);
        errors.Compare(basis.Basis, einsum("nb,ns->bsn", emb, sh).reshape(-1, points) / KeptScalars.Of(points), $"{name} basis (emb x sh / N)");

        using (no_grad())
        {
            conv.Weight.copy_(item.Tensor("radial_weight"));
            conv.SelfConnection.Weight.copy_(item.Tensor("sc_weight"));
        }
        var kernel = conv.Realize(spacing);
        errors.Compare(kernel, item.Tensor("kernel"), $"{name} kernel at {spacing}");
        var x = item.Tensor("x");
        errors.Compare(conv.SelfConnection.forward(x), item.Tensor("sc_out"), $"{name} sc_out");
        errors.Compare(nn.functional.conv3d(x, kernel, padding: new long[] { n.X, n.Y, n.Z }), item.Tensor("conv_out"), $"{name} conv_out");
        errors.Compare(conv.forward(x, spacing), item.Tensor("out"), $"{name} out");
    }

    private static void CompareInstructions(IReadOnlyList<TensorProductInstruction> actual, JsonElement expected, string name, ErrorTracker errors)
    {
        var list = expected.EnumerateArray().ToList();
        if (list.Count != actual.Count) throw new InvalidDataException($"{name}: {actual.Count} paths, fixture has {list.Count}");
        for (int p = 0; p < list.Count; p++)
        {
            var (e, a) = (list[p], actual[p]);
            var shape = e.Required("path_shape").EnumerateArray().Select(v => v.GetInt32()).ToArray();
            if (a.IIn1 != e.Int("i_in1") || a.IIn2 != e.Int("i_in2") || a.IOut != e.Int("i_out") || a.WeightOffset != e.Int("weight_offset")
                || !shape.SequenceEqual(a.PathShape))
                throw new InvalidDataException($"{name}: tensor-product path {p} differs from the fixture's");
            errors.CompareScalar(a.PathWeight, e.Number("path_weight"), $"{name} path_weight {p}");
        }
    }
}
