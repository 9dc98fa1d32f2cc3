using MigrationSim.Reporting.Plots;
using ScottPlot;

namespace MigrationSim.Reporting.Validation;

/// <summary>Validation figures share the sweep figures' look, shipped font included.</summary>
internal static class PlotStyle
{
    public static void Apply(Plot plot)
    {
        FigureStyle.EnsureFont();
        plot.Font.Set(FigureStyle.FontName);
        plot.Axes.Margins(0.05, 0.08);
    }
}
