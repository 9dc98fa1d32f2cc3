using MigrationSim.Reporting.Csv;
using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Empirical CDF across runs, one step line per group: the fraction of all the group's runs at or
/// below each value. Runs that did not converge have no value (or only a lower bound), so they are
/// censored: they count in the denominator, the line ends below 1, and the legend says how many
/// converged. Groups split by every swept axis that varies within them, so runs of different
/// settings are never pooled into one curve silently.
/// </summary>
public static class CdfFigure
{
    /// <summary>One line per (name, values); a null value is a censored run.</summary>
    public static Plot Draw(string title, string xLabel, IEnumerable<(string Name, IReadOnlyList<double?> Values)> lines)
    {
        var plot = FigureStyle.NewPlot(title, xLabel, "fraction of runs at or below (CDF)");
        int colour = 0;
        foreach (var (name, values) in lines)
        {
            if (values.Count == 0) continue;
            var sorted = values.OfType<double>().Order().ToArray();
            int n = values.Count;
            var xs = new List<double>();
            var ys = new List<double>();
            for (int i = 0; i < sorted.Length; i++)
            {
                xs.Add(sorted[i]); ys.Add((double)i / n);
                xs.Add(sorted[i]); ys.Add((double)(i + 1) / n);
            }
            var color = FigureStyle.SeriesColor(colour++);
            string counts = sorted.Length < n ? $"{sorted.Length} of {n} runs converged" : $"{n} runs";
            string label = name.Length > 0 ? $"{name} ({counts})" : counts;
            if (sorted.Length == 0)
            {
                // Nothing converged: a flat line at 0 still shows the group in the legend.
                xs.AddRange([0, 0]); ys.AddRange([0, 0]);
            }
            var line = plot.Add.Scatter(xs.ToArray(), ys.ToArray(), color);
            line.LineWidth = 2;
            line.MarkerSize = 0;
            line.LegendText = label;
        }
        plot.Axes.SetLimitsY(0, 1.02);
        plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>CDF of <paramref name="y"/> across runs, one line per value of <paramref name="series"/> and of every other swept axis varying within it.</summary>
    public static Plot Draw(SweepTable table, PlotAxis y, PlotAxis? series, string? title = null, IEnumerable<SweepResultRow>? rows = null)
    {
        var selected = (rows ?? table.Rows).ToList();
        var groups = (series is null ? [] : new List<PlotAxis> { series })
            .Concat(table.Folded(selected, series is null ? [] : [series]).Select(k => table.Category(k)!)).ToList();
        var converged = table.Axis("converged");
        var lines = selected.GroupBy(r => string.Join(", ", groups.Select(g => r.Cells[g.Column])))
            .Select(g => (g.Key, (IReadOnlyList<double?>)g.Select(r => converged is not null && table.Value(r, converged) == 0 ? null : table.Value(r, y))
                .Where((v, i) => v is not null || (converged is not null && table.Value(g.ElementAt(i), converged) == 0)).ToList()))
            .ToList();
        string by = groups.Count > 0 ? $", one line per {string.Join(", ", groups.Select(a => SweepTable.Short(a.Key)))}" : "";
        return Draw(title ?? $"CDF of {y.Label} across runs{by}", y.Label, lines);
    }
}
