using MigrationSim.Reporting.Csv;
using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Empirical CDF of a figure across runs, one step line per series: the fraction of runs at or
/// below each value. Used for downtime across replications and for fault-latency percentiles.
/// </summary>
public static class CdfFigure
{
    /// <summary>One line per (name, values) pair.</summary>
    public static Plot Draw(string title, string xLabel, IEnumerable<(string Name, IReadOnlyList<double> Values)> lines)
    {
        var plot = FigureStyle.NewPlot(title, xLabel, "fraction of runs (CDF)");
        int colour = 0;
        bool named = false;
        foreach (var (name, values) in lines)
        {
            if (values.Count == 0) continue;
            var sorted = values.Order().ToArray();
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < sorted.Length; i++)
            {
                xs.Add(sorted[i]); ys.Add((double)i / sorted.Length);
                xs.Add(sorted[i]); ys.Add((double)(i + 1) / sorted.Length);
            }
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), FigureStyle.SeriesColor(colour++));
            line.LineWidth = 2;
            line.MarkerSize = 0;
            if (name.Length > 0) { line.LegendText = name; named = true; }
        }
        plot.Axes.SetLimitsY(0, 1.02);
        if (named) plot.ShowLegend();
        return plot;
    }

    /// <summary>CDF of <paramref name="y"/> across all rows, one line per value of <paramref name="series"/>.</summary>
    public static Plot Draw(SweepTable table, PlotAxis y, PlotAxis? series, string? title = null)
    {
        List<(string, IReadOnlyList<double>)> groups = series is null
            ? [("", (IReadOnlyList<double>)Values(table, table.Rows, y))]
            : table.Distinct(series.Column).Select(s => ($"{series.Label} = {s}",
                (IReadOnlyList<double>)Values(table, table.Rows.Where(r => r.Cells[series.Column] == s), y))).ToList();
        return Draw(title ?? $"CDF of {y.Label} across runs", y.Label, groups);
    }

    private static List<double> Values(SweepTable table, IEnumerable<SweepResultRow> rows, PlotAxis y) =>
        rows.Select(r => table.Value(r, y)).Where(v => v is not null).Select(v => v!.Value).ToList();
}
