using ScottPlot;

namespace NativeSeg.Plots;

/// <summary>How every training figure reads: whole-number epoch ticks, and the legend beside the plot, never over a curve.</summary>
public static class FigureStyle
{
    public static void EpochAxis(Plot plot, string label = "epoch")
    {
        plot.XLabel(label);
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic { IntegerTicksOnly = true };
    }

    public static void LegendBeside(Plot plot) => plot.ShowLegend(Edge.Right);

    /// <summary>The colour of series <paramref name="index"/> of <paramref name="count"/>: Category10 while it has a colour
    /// for each, then Category20, so no two of up to 20 lines (15 fold runs, 11 retention curves) share one.</summary>
    public static Color SeriesColor(int index, int count) =>
        count <= 10 ? new ScottPlot.Palettes.Category10().GetColor(index) : new ScottPlot.Palettes.Category20().GetColor(index);
}
