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
}
