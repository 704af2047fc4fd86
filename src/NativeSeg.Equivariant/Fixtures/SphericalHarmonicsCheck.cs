using System.Text.Json;

namespace NativeSeg.Equivariant.Fixtures;

/// <summary>spherical_harmonics.json: every recorded (normalize, normalization) column set for the recorded vectors.</summary>
public sealed class SphericalHarmonicsCheck() : NamedFixtureCheck("spherical_harmonics")
{
    protected override void Compare(JsonElement root, ErrorTracker errors)
    {
        var vectors = root.Tensor("vectors");
        var irreps = root.IrrepsOf("irreps");
        foreach (var property in root.EnumerateObject())
        {
            // Field names are normalize_<true|false>_<normalization>.
            var parts = property.Name.Split('_');
            if (parts.Length != 3 || parts[0] != "normalize") continue;
            bool normalize = parts[1] switch
            {
                "true" => true,
                "false" => false,
                _ => throw new InvalidDataException($"spherical_harmonics: unknown field {property.Name}"),
            };
            var normalization = parts[2] switch
            {
                "component" => ShNormalization.Component,
                "norm" => ShNormalization.Norm,
                "integral" => ShNormalization.Integral,
                _ => throw new InvalidDataException($"spherical_harmonics: unknown normalization in {property.Name}"),
            };
            var expected = FixtureJson.ToTensor(property.Value, property.Name);
            var actual = SphericalHarmonics.Compute(irreps, vectors, normalize, normalization);
            errors.Compare(actual, expected, property.Name);
        }
    }
}
