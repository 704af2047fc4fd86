using NativeSeg.Imaging.Geometry;
using NativeSeg.Imaging.Preprocessing;
using System.Text.Json;
using System.Text.Json.Serialization;
using NativeSeg.Imaging;

namespace NativeSeg.Nets.Model;

/// <summary>A spacing as model.json writes it: [x, y, z] in mm, each finite and positive.</summary>
public sealed class SpacingJsonConverter : JsonConverter<Spacing>
{
    public override Spacing Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = new List<double>();
        if (reader.TokenType != JsonTokenType.StartArray) throw new JsonException("expected [x, y, z] in mm");
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out double v) || !double.IsFinite(v) || v <= 0)
                throw new JsonException("expected [x, y, z] of positive numbers in mm");
            values.Add(v);
        }
        return values.Count == 3 ? new Spacing(values[0], values[1], values[2]) : throw new JsonException("expected [x, y, z] in mm");
    }

    public override void Write(Utf8JsonWriter writer, Spacing value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        writer.WriteNumberValue(value.X);
        writer.WriteNumberValue(value.Y);
        writer.WriteNumberValue(value.Z);
        writer.WriteEndArray();
    }
}

/// <summary>A grid as model.json writes it: "native", or the target spacing [x, y, z] in mm.</summary>
public sealed class InputGridJsonConverter : JsonConverter<InputGrid>
{
    private static readonly SpacingJsonConverter Spacing = new();

    public override InputGrid Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.TokenType == JsonTokenType.String && reader.GetString() == "native"
            ? InputGrid.Native
            : reader.TokenType == JsonTokenType.StartArray
                ? InputGrid.Resampled(Spacing.Read(ref reader, typeof(Spacing), options))
                : throw new JsonException("expected \"native\" or [x, y, z] positive spacings in mm");

    public override void Write(Utf8JsonWriter writer, InputGrid value, JsonSerializerOptions options)
    {
        if (value.Target is { } target) Spacing.Write(writer, target, options);
        else writer.WriteStringValue("native");
    }
}

/// <summary>Any enum by its declared name (<see cref="EnumNames"/>), an unknown one refused with the names it may take.</summary>
public sealed class EnumNameJsonConverterFactory : JsonConverterFactory
{
    public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

    public override JsonConverter? CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
        (JsonConverter?)Activator.CreateInstance(typeof(EnumNameJsonConverter<>).MakeGenericType(typeToConvert));

    private sealed class EnumNameJsonConverter<T> : JsonConverter<T> where T : struct, Enum
    {
        public override T Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.String) throw new JsonException($"expected {EnumNames.Expected(EnumNames.Names<T>().ToList())}");
            // EnumNames' message is "value 'x': expected a, b or c"; the JSON path names the field.
            try { return EnumNames.Parse<T>(reader.GetString()!, "value"); }
            catch (UserInputException e) { throw new JsonException(e.Message["value ".Length..]); }
        }

        public override void Write(Utf8JsonWriter writer, T value, JsonSerializerOptions options) => writer.WriteStringValue(EnumNames.Name(value));
    }
}

/// <summary>model.json's serializer, generated at build time: snake_case keys, enums by their declared names.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    WriteIndented = true,
    NumberHandling = JsonNumberHandling.Strict,
    Converters = [typeof(SpacingJsonConverter), typeof(InputGridJsonConverter), typeof(EnumNameJsonConverterFactory)])]
[JsonSerializable(typeof(ModelConfig))]
[JsonSerializable(typeof(Preprocessing))]
internal sealed partial class ModelJsonContext : JsonSerializerContext;
