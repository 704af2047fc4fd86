using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using NativeSeg.Imaging;

namespace NativeSeg.Nets.Execution;

/// <summary>
/// Measured choices, as cuDNN's benchmark mode or FFTW's wisdom: <see cref="ConvolutionAlgorithm.Auto"/>'s lattice or
/// support, and each layer's conv3d path (<see cref="ConvolutionPaths"/>). The first time a layer signature (channels,
/// lattice, support, input size, dtype, with or without gradients) is met on a machine, each candidate runs (one
/// warm-up, the best of two timed runs) and the fastest is kept — in memory and in a per-machine JSON file, so later
/// processes on the same machine skip the measurement. Candidates give the same numbers; only time differs.
/// </summary>
public sealed class ConvolutionCalibration
{
    private readonly ConcurrentDictionary<string, string> _choices = new();
    private readonly string? _path;
    private readonly object _fileLock = new();

    /// <param name="path">The cache file (null: memory only).</param>
    public ConvolutionCalibration(string? path)
    {
        _path = path;
        if (path is null || !File.Exists(path)) return;
        try
        {
            foreach (var (key, value) in JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path)) ?? [])
                _choices[key] = value;
        }
        catch (Exception e) when (e is JsonException or IOException or UnauthorizedAccessException)
        {
            // A damaged cache only costs a re-measurement.
        }
    }

    /// <summary>The process-wide calibration, stored under $NATIVESEG_CACHE_DIR (default ~/.cache/nativeseg), one file per machine.</summary>
    public static ConvolutionCalibration Shared { get; } = new(DefaultPath());

    public int Count => _choices.Count;

    /// <summary>A fact about this machine kept beside the choices (a probe's verdict), or null when none is kept.</summary>
    public string? Fact(string key) => _choices.TryGetValue(key, out var value) ? value : null;

    /// <summary>Keeps a fact about this machine for later processes.</summary>
    public void Keep(string key, string value)
    {
        _choices[key] = value;
        Save();
    }

    /// <summary>The kept choice for this signature; the first time, the candidates that pass <paramref name="exact"/> (all
    /// without it; the first candidate always, as the known-good fallback) are timed with <paramref name="seconds"/>.</summary>
    public T Choose<T>(string signature, IReadOnlyList<T> candidates, Func<T, double> seconds, Func<T, bool>? exact = null) where T : struct, Enum
    {
        if (candidates.Count == 1) return candidates[0];
        if (_choices.TryGetValue(signature, out var known) && Enum.TryParse<T>(known, out var kept) && candidates.Contains(kept)) return kept;
        var timed = candidates.Where((c, i) => i == 0 || exact is null || exact(c)).ToList();
        var best = timed.MinBy(seconds);
        _choices[signature] = best.ToString();
        Save();
        return best;
    }

    private void Save()
    {
        if (_path is null) return;
        lock (_fileLock)
        {
            try
            {
                Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
                var table = _choices.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToDictionary(kv => kv.Key, kv => kv.Value);
                AtomicFile.Write(_path, stream => JsonSerializer.Serialize(stream, table, new JsonSerializerOptions { WriteIndented = true }));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Read-only home: the choice still holds for this process.
            }
        }
    }

    private static string? DefaultPath()
    {
        string? root = Environment.GetEnvironmentVariable("NATIVESEG_CACHE_DIR") is { Length: > 0 } dir ? dir
            : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile) is { Length: > 0 } home ? Path.Combine(home, ".cache", "nativeseg") : null;
        return root is null ? null : Path.Combine(root, $"convolution-choices-{MachineKey()}.json");
    }

    /// <summary>Processor model and thread count: what the measured times depend on.</summary>
    private static string MachineKey()
    {
        string cpu = "unknown";
        try { cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu; }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        string key = string.Create(CultureInfo.InvariantCulture, $"{cpu}-{TorchSharp.torch.get_num_threads()}t");
        return new string(key.Select(c => char.IsLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray());
    }
}
