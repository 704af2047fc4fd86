using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>wigner_d.json: D_l(R) per recorded l, the Euler angles, Y(v), Y(R v), and D Y(v) = Y(R v).</summary>
public sealed class WignerDCheck() : NamedFixtureCheck("wigner_d")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        foreach (var item in root.Required("items").EnumerateArray())
        {
            string name = item.TryGetProperty("name", out var n) ? n.GetString() ?? "?" : "?";
            var r = item.Tensor("R");
            var ls = new List<int>();
            foreach (var entry in item.Required("D").EnumerateObject())
            {
                int l = int.Parse(entry.Name, System.Globalization.CultureInfo.InvariantCulture);
                ls.Add(l);
                errors.Compare(WignerD.FromMatrix(r, l), FixtureJson.ToTensor(entry.Value), $"{name} D_{l}");
            }
            if (item.TryGetProperty("angles", out var angles))
            {
                var (a, b, c) = Rotations.MatrixToAngles(Rotations.FromTensor(r));
                var expected = angles.EnumerateArray().Select(x => x.GetDouble()).ToArray();
                double[] mine = { a, b, c };
                for (int i = 0; i < 3; i++)
                {
                    double diff = mine[i] - expected[i];
                    errors.CompareScalar(Math.Atan2(Math.Sin(diff), Math.Cos(diff)), 0, $"{name} angle {i}");
                }
            }
            if (item.TryGetProperty("v", out var v) && ls.Count > 0)
            {
                ls.Sort();
                var vec = FixtureJson.ToTensor(v);
                var shV = SphericalHarmonics.Compute(ls, vec, normalize: true);
                var shRv = SphericalHarmonics.Compute(ls, r.matmul(vec), normalize: true);
                if (item.TryGetProperty("sh_v", out var e1)) errors.Compare(shV, FixtureJson.ToTensor(e1), $"{name} sh_v");
                if (item.TryGetProperty("sh_Rv", out var e2)) errors.Compare(shRv, FixtureJson.ToTensor(e2), $"{name} sh_Rv");
                var irreps = new Irreps(ls.Select(l => new MulIrrep(1, new Irrep(l, 1))));
                errors.Compare(WignerD.ForIrreps(irreps, r).matmul(shV), shRv, $"{name} D Y(v) = Y(R v)");
            }
        }
    }
}
