using MigrationSim.Reporting.Csv;
using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Y against X, one line per series value (colour), optionally split again by a second column
/// (line pattern). Rows with the same (series, style, x) are replications (or points differing in a
/// key not shown): the line goes through their mean and a shaded band spans their min..max, so the
/// spread across seeds is visible rather than averaged away. A categorical X (policy names,
/// "unlimited") is placed at 0, 1, 2, ... with its values as ticks.
/// </summary>
public static class LineFigure
{
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    public static Plot Draw(SweepTable table, PlotAxis x, PlotAxis y, PlotAxis? series, IEnumerable<SweepResultRow>? rows = null, string? title = null, PlotAxis? style = null)
    {
        var selected = (rows ?? table.Rows).ToList();
        string by = string.Join(" and ", new[] { series?.Label, style?.Label }.Where(l => l is not null));
        var plot = FigureStyle.NewPlot(title ?? $"{Title(y)} vs {SweepTable.Short(x.Key)}{(by.Length > 0 ? $", by {by}" : "")}", x.Label, y.Label);
        var categories = x.Numeric ? null : table.Distinct(x.Column).ToList();
        // A geometric sweep (log range, bandwidth ladder) is drawn on a log axis, ticks at the swept values.
        var xValues = x.Numeric ? selected.Select(r => table.Value(r, x)).Where(v => v is not null).Select(v => v!.Value).Distinct().Order().ToList() : [];
        bool logX = xValues.Count >= 3 && xValues[0] > 0 && xValues[^1] / xValues[0] >= 20;
        double Position(double v) => logX ? Math.Log10(v) : v;
        if (logX) plot.XLabel(x.Label + ", log scale");
        List<string> seriesValues = series is null ? [""] : selected.Select(r => r.Cells[series.Column]).Distinct().ToList();
        List<string> styleValues = style is null ? [""] : selected.Select(r => r.Cells[style.Column]).Distinct().ToList();
        for (int si = 0; si < seriesValues.Count; si++)
        for (int pi = 0; pi < styleValues.Count; pi++)
        {
            string s = seriesValues[si], p = styleValues[pi];
            var points = selected
                .Where(r => (series is null || r.Cells[series.Column] == s) && (style is null || r.Cells[style.Column] == p))
                .Select(r => (X: x.Numeric ? table.Value(r, x) is { } v ? Position(v) : (double?)null : categories!.IndexOf(r.Cells[x.Column]), Y: table.Value(r, y)))
                .Where(q => q.X is not null && q.Y is not null)
                .GroupBy(q => q.X!.Value)
                .OrderBy(g => g.Key)
                .Select(g => (X: g.Key, Mean: g.Average(q => q.Y!.Value), Min: g.Min(q => q.Y!.Value), Max: g.Max(q => q.Y!.Value)))
                .ToList();
            if (points.Count == 0) continue;
            var color = FigureStyle.SeriesColor(si);
            if (points.Any(q => q.Max > q.Min))
            {
                var band = points.Select(q => new Coordinates(q.X, q.Max))
                    .Concat(points.AsEnumerable().Reverse().Select(q => new Coordinates(q.X, q.Min))).ToArray();
                var poly = plot.Add.Polygon(band);
                poly.FillColor = color.WithAlpha(0.15);
                poly.LineColor = color.WithAlpha(0.0);
            }
            var line = plot.Add.Scatter(points.Select(q => q.X).ToArray(), points.Select(q => q.Mean).ToArray(), color);
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LinePattern = Patterns[pi % Patterns.Length];
            // Values only ("precopy, 64MiB/s"): the title names the columns ("by policy and max-bandwidth").
            var legend = new List<string>();
            if (series is not null) legend.Add(s);
            if (style is not null) legend.Add(p);
            if (legend.Count > 0) line.LegendText = string.Join(", ", legend);
        }
        if (categories is not null)
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        if (logX)
            plot.Axes.Bottom.SetTicks(xValues.Select(Math.Log10).ToArray(), xValues.Select(v => v.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)).ToArray());
        if (series is not null || style is not null) plot.ShowLegend(Edge.Right);
        return plot;
    }

    private static string Title(PlotAxis y)
    {
        int paren = y.Label.IndexOf(" (", StringComparison.Ordinal);
        string t = paren > 0 ? y.Label[..paren] : y.Label;
        return char.ToUpperInvariant(t[0]) + t[1..];
    }
}
