using NativeSeg.Nets.Model;
using System.Globalization;
using NativeSeg.Equivariant.Torch;
using NativeSeg.Imaging;
using ScottPlot;
using static TorchSharp.torch;

namespace NativeSeg.Training;

/// <summary>One diagnostic value of one layer after one epoch.</summary>
public sealed record DiagnosticRow(int Epoch, string Name, string Quantity, double Value);

/// <summary>
/// Whether the kernels learn, per epoch, in diagnostics.csv (epoch, name, quantity, value) and two PNGs:
/// - weight_change: ||W - W0|| / ||W0|| per weight tensor (W0 = the initial weights, kept in initial/), grouped as
///   radial (the resolution-adaptive kernels' spatial part), self-connection and other;
/// - neighbour_to_self: per resolution-adaptive convolution, ||conv3d(x, kernel)|| / ||Linear_sc(x)|| on a fixed
///   validation patch. A value near 0 means the layer is pointwise: the spherical-harmonic kernel contributes nothing.
/// </summary>
public sealed class TrainingDiagnostics : IDisposable
{
    public const string CsvFile = "diagnostics.csv";
    public const string WeightsPlotFile = "diagnostics-weights.png";
    public const string KernelsPlotFile = "diagnostics-kernels.png";
    public const string InitialFolder = "initial";

    private readonly List<(string Name, string Group, Tensor W0, double Norm)> _initial = new();

    /// <summary>Keeps the initial weights (written to initial/ on a fresh run, read from it when resuming).</summary>
    public TrainingDiagnostics(string modelDir, SegmentationNet net, ModelConfig config, bool resuming)
    {
        string folder = Path.Combine(modelDir, InitialFolder);
        LoadedModel? stored = null;
        if (!resuming) ModelDirectory.Save(folder, net, config);
        else if (File.Exists(Path.Combine(folder, ModelDirectory.WeightsFile))) stored = ModelDirectory.Load(folder);
        var source = resuming ? stored?.Net : net;
        if (source is null) return;
        var groups = Groups(source);
        // Tensors that start at zero (biases, norm shifts) have no relative change; they are left out.
        foreach (var (name, p) in source.named_parameters())
        {
            using var scope = NewDisposeScope();
            double norm = p.detach().norm().item<float>();
            if (p.numel() > 1 && norm > 1e-12) _initial.Add((name, groups[p.Handle], p.detach().clone().DetachFromDisposeScope(), norm));
        }
        stored?.Net.Dispose();
    }

    private static Dictionary<IntPtr, string> Groups(SegmentationNet net)
    {
        var (radial, self, other) = LearningRates.Groups(net);
        var map = new Dictionary<IntPtr, string>();
        foreach (var p in radial) map[p.Handle] = "radial";
        foreach (var p in self) map[p.Handle] = "self-connection";
        foreach (var p in other) map[p.Handle] = "other";
        return map;
    }

    /// <summary>This epoch's rows: weight changes against W0, and the neighbour/self ratios on <paramref name="probe"/>.</summary>
    public IReadOnlyList<DiagnosticRow> Measure(int epoch, SegmentationNet net, Patch probe, Device device)
    {
        var rows = new List<DiagnosticRow>();
        using (no_grad())
        {
            var current = net.named_parameters().ToDictionary(x => x.name, x => x.parameter);
            foreach (var (name, group, w0, norm) in _initial)
            {
                if (!current.TryGetValue(name, out var w)) continue;
                using var scope = NewDisposeScope();
                double change = (w.detach().cpu() - w0.cpu()).norm().item<float>() / norm;
                rows.Add(new DiagnosticRow(epoch, name, "weight_change_" + group, change));
            }
        }
        if (net.ResolutionAdaptive is { } ra)
        {
            var convs = ra.Convolutions.ToList();
            foreach (var c in convs) c.MeasureNeighbourToSelf = true;
            try
            {
                net.eval();
                using var noGrad = no_grad();
                using var scope = NewDisposeScope();
                net.forward(VolumeTensors.ToBatch(probe.Image, probe.Shape.X, probe.Shape.Y, probe.Shape.Z, device), probe.Spacing);
            }
            finally { foreach (var c in convs) c.MeasureNeighbourToSelf = false; }
            for (int i = 0; i < convs.Count; i++)
                rows.Add(new DiagnosticRow(epoch, $"conv{i:00}", "neighbour_to_self", convs[i].NeighbourToSelf));
        }
        return rows;
    }

    public static IReadOnlyList<DiagnosticRow> Read(string modelDir)
    {
        string path = Path.Combine(modelDir, CsvFile);
        if (!File.Exists(path)) return [];
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(l =>
        {
            var c = l.Split(',');
            return new DiagnosticRow(int.Parse(c[0], CultureInfo.InvariantCulture), c[1], c[2], double.Parse(c[3], CultureInfo.InvariantCulture));
        }).ToList();
    }

    /// <summary>Writes diagnostics.csv, diagnostics-weights.png (mean change per group) and diagnostics-kernels.png (ratio per RA layer).</summary>
    public static void Write(string modelDir, IReadOnlyList<DiagnosticRow> rows, bool plot = true)
    {
        AtomicFile.Write(Path.Combine(modelDir, CsvFile), stream =>
        {
            using var w = new StreamWriter(stream);
            w.WriteLine("epoch,name,quantity,value");
            foreach (var r in rows) w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{r.Epoch},{r.Name},{r.Quantity},{r.Value:R}"));
        });
        if (plot && rows.Count > 0) Plot(modelDir, rows);
    }

    private static void Plot(string modelDir, IReadOnlyList<DiagnosticRow> rows)
    {
        var weights = new Plot();
        foreach (var group in rows.Where(r => r.Quantity.StartsWith("weight_change_", StringComparison.Ordinal)).GroupBy(r => r.Quantity))
        {
            var perEpoch = group.GroupBy(r => r.Epoch).OrderBy(g => g.Key).ToList();
            weights.Add.ScatterLine(perEpoch.Select(g => (double)g.Key).ToArray(), perEpoch.Select(g => g.Average(r => r.Value)).ToArray())
                .LegendText = group.Key["weight_change_".Length..] + " (mean over tensors)";
        }
        weights.Title("||W - W0|| / ||W0||");
        Plots.FigureStyle.EpochAxis(weights);
        Plots.FigureStyle.LegendBeside(weights);
        Plots.PlotFile.SavePng(weights, Path.Combine(modelDir, WeightsPlotFile), 900, 400);
        var ratios = rows.Where(r => r.Quantity == "neighbour_to_self").GroupBy(r => r.Name).ToList();
        if (ratios.Count == 0) return;
        var kernels = new Plot();
        foreach (var layer in ratios)
        {
            var points = layer.OrderBy(r => r.Epoch).ToList();
            kernels.Add.ScatterLine(points.Select(r => (double)r.Epoch).ToArray(), points.Select(r => r.Value).ToArray()).LegendText = layer.Key;
        }
        kernels.Title("||conv3d(x, kernel)|| / ||self-connection(x)|| per RA layer");
        Plots.FigureStyle.EpochAxis(kernels);
        Plots.FigureStyle.LegendBeside(kernels);
        Plots.PlotFile.SavePng(kernels, Path.Combine(modelDir, KernelsPlotFile), 900, 400);
    }

    public void Dispose()
    {
        foreach (var (_, _, w0, _) in _initial) w0.Dispose();
        _initial.Clear();
    }
}
