using ScottPlot;

namespace MigrationSim.Reporting.Validation;

/// <summary>Common look of the validation figures.</summary>
internal static class PlotStyle
{
    public static void Apply(Plot plot)
    {
        plot.Axes.Margins(0.05, 0.08);
    }
}
