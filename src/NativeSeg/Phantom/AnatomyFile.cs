using NativeSeg.Imaging.Geometry;
using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace NativeSeg.Phantom;

/// <summary>
/// Reads and writes an <see cref="AnatomyModel"/>: the magic line "NSANAT1\n", a little-endian int32 byte
/// count, a UTF-8 JSON header (grids, peaks, provenance), then the raw arrays (tissue, flags, ventricle and
/// cortex distances), all Brotli-compressed. The default model (derived from Colin27) is embedded in the
/// library, so generating phantoms needs no installed package.
/// </summary>
public static class AnatomyFile
{
    private const string Magic = "NSANAT1\n";
    private const string ResourceName = "NativeSeg.Phantom.colin27_anatomy.bin.br";
    private static readonly Lazy<AnatomyModel> Embedded = new(LoadEmbedded);

    /// <summary>The model shipped with NativeSeg (loaded once, shared; it is immutable).</summary>
    public static AnatomyModel Default => Embedded.Value;

    private static AnatomyModel LoadEmbedded()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(ResourceName)
                           ?? throw new InvalidOperationException($"{ResourceName}: anatomy model missing from the library build");
        return Read(stream, ResourceName);
    }

    public static AnatomyModel Read(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file");
        using var file = File.OpenRead(path);
        return Read(file, path);
    }

    public static AnatomyModel Read(Stream compressed, string name)
    {
        using var brotli = new BrotliStream(compressed, CompressionMode.Decompress);
        using var reader = new BinaryReader(brotli);
        try
        {
            var magic = Encoding.ASCII.GetString(reader.ReadBytes(Magic.Length));
            if (magic != Magic) throw new InvalidDataException($"{name}: not a NativeSeg anatomy model (bad magic)");
            int jsonLength = reader.ReadInt32();
            var header = JsonSerializer.Deserialize<Header>(reader.ReadBytes(jsonLength))
                         ?? throw new InvalidDataException($"{name}: empty header");
            var fine = new Shape3(header.FineShape[0], header.FineShape[1], header.FineShape[2]);
            var coarse = new Shape3(header.CoarseShape[0], header.CoarseShape[1], header.CoarseShape[2]);
            byte[] Take(long n, string what)
            {
                var b = reader.ReadBytes(checked((int)n));
                if (b.Length != n) throw new InvalidDataException($"{name}: truncated {what} (expected {n} bytes, got {b.Length})");
                return b;
            }
            return new AnatomyModel
            {
                FineShape = fine,
                FineOrigin = new Vec3(header.FineOrigin[0], header.FineOrigin[1], header.FineOrigin[2]),
                Tissue = Take(fine.Count, "tissue"),
                CoarseShape = coarse,
                CoarseOrigin = new Vec3(header.CoarseOrigin[0], header.CoarseOrigin[1], header.CoarseOrigin[2]),
                Flags = Take(coarse.Count, "region flags"),
                VentricleDistance = Take(coarse.Count, "ventricle distance"),
                CortexDistance = Take(coarse.Count, "cortex distance"),
                GreyPeak = header.GreyPeak,
                WhitePeak = header.WhitePeak,
                Provenance = header.Provenance,
            };
        }
        catch (EndOfStreamException) { throw new InvalidDataException($"{name}: truncated anatomy model"); }
    }

    public static void Write(AnatomyModel model, string path, int quality = 9, int window = 24)
    {
        var header = new Header
        {
            FineShape = model.FineShape.ToArray(),
            FineOrigin = [model.FineOrigin.X, model.FineOrigin.Y, model.FineOrigin.Z],
            CoarseShape = model.CoarseShape.ToArray(),
            CoarseOrigin = [model.CoarseOrigin.X, model.CoarseOrigin.Y, model.CoarseOrigin.Z],
            GreyPeak = model.GreyPeak,
            WhitePeak = model.WhitePeak,
            Provenance = new Dictionary<string, string>(model.Provenance),
        };
        var json = JsonSerializer.SerializeToUtf8Bytes(header, new JsonSerializerOptions { WriteIndented = true });
        string full = Path.GetFullPath(path);
        string tmp = full + $".{Guid.NewGuid():N}.tmp";
        try
        {
            var raw = new MemoryStream();
            using (var writer = new BinaryWriter(raw, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Encoding.ASCII.GetBytes(Magic));
                writer.Write(json.Length);
                writer.Write(json);
                writer.Write(model.Tissue);
                writer.Write(model.Flags);
                writer.Write(model.VentricleDistance);
                writer.Write(model.CortexDistance);
            }
            var output = new byte[BrotliEncoder.GetMaxCompressedLength((int)raw.Length)];
            if (!BrotliEncoder.TryCompress(raw.GetBuffer().AsSpan(0, (int)raw.Length), output, out int written, quality, window))
                throw new InvalidOperationException($"{path}: Brotli compression failed");
            File.WriteAllBytes(tmp, output.AsSpan(0, written).ToArray());
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            File.Delete(tmp);
            throw;
        }
    }

    private sealed class Header
    {
        public int[] FineShape { get; set; } = [];
        public double[] FineOrigin { get; set; } = [];
        public int[] CoarseShape { get; set; } = [];
        public double[] CoarseOrigin { get; set; } = [];
        public double GreyPeak { get; set; }
        public double WhitePeak { get; set; }
        public Dictionary<string, string> Provenance { get; set; } = new();
    }
}
