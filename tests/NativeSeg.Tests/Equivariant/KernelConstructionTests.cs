using System.Text.Json;
using NativeSeg.Equivariant;
using NativeSeg.Equivariant.Fixtures;
using static TorchSharp.torch;

namespace NativeSeg.Tests.Equivariant;

/// <summary>
/// The kernel-building steps of voxel_convolution.json done with this library's primitives (SH of the recorded
/// lattice, radial embedding, right coupling matrix, self-connection): each intermediate within 1e-5 of e3nn's.
/// The convolution itself belongs to Nets.
/// </summary>
public class KernelConstructionTests
{
    [Fact]
    public void PrimitivesReproduceTheRecordedKernels()
    {
        using var scope = NewDisposeScope();
        using var doc = JsonDocument.Parse(File.ReadAllBytes(FixturePaths.Fixture("voxel_convolution.json")));
        var errors = new ErrorTracker();
        int items = 0;
        foreach (var item in doc.RootElement.Required("items").EnumerateArray())
        {
            items++;
            var lattice = item.Tensor("lattice");
            var shape = lattice.shape[..3];
            long n = item.Int("num_lattice_points");
            var points = lattice.reshape(n, 3);
            double r = item.Number("r");
            var sh = SphericalHarmonics.Compute(item.IrrepsOf("irreps_sh"), points, normalize: true);
            errors.Compare(sh, item.Tensor("sh").reshape(n, -1), "sh");
            var emb = RadialBasis.SoftOneHotLinspace(points.norm(1), 0, r, item.Int("num_radial_basis"), RadialBasisKind.SmoothFinite, item.Bool("cutoff"));
            errors.Compare(emb, item.Tensor("emb").reshape(n, -1), "emb");

            var tp = new FullyConnectedTensorProduct(item.IrrepsOf("irreps_in"), item.IrrepsOf("irreps_sh"), item.IrrepsOf("irreps_out"));
            Assert.Equal(item.Int("weight_numel"), tp.WeightNumel);
            Assert.Equal(item.Required("tp_instructions").GetArrayLength(), tp.Instructions.Count);
            var radial = item.Tensor("radial_weight");
            errors.Compare(emb.matmul(radial) / n, item.Tensor("point_weight").reshape(n, -1), "point_weight");
            // Basis[(b, s), n] = emb[n, b] sh[n, s] / N; the kernel is coupling(W) @ Basis.
            var basis = (emb.unsqueeze(2) * sh.unsqueeze(1)).reshape(n, -1).t() / n;
            var kernel = tp.RightCoupling(item.Int("num_radial_basis")).Matrix(radial).matmul(basis)
                .view(new[] { tp.IrrepsOut.Dim, (long)tp.IrrepsIn1.Dim }.Concat(shape).ToArray());
            errors.Compare(kernel, item.Tensor("kernel"), "kernel");

            using var sc = new EquivariantLinear(item.IrrepsOf("irreps_in"), item.IrrepsOf("irreps_out"), dtype: ScalarType.Float64);
            using (no_grad()) sc.Weight.copy_(item.Tensor("sc_weight"));
            errors.Compare(sc.forward(item.Tensor("x")), item.Tensor("sc_out"), "sc_out");
        }
        var result = errors.Result();
        Assert.True(items > 0);
        Assert.True(result.Passed, $"max error {result.MaxAbsError} ({result.Detail})");
    }
}
