using System.Globalization;
using MigrationSim.Reporting.Csv;
using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Y against X, one line per value of each grouping column (colour; the second one as a line
/// pattern), and one line per value of every other swept axis that varies among the rows: no
/// axis is folded into a mean silently. What remains at one (line, x) are the replications of one
/// point, drawn as their mean with a min-max band. A point where some run did not converge (it
/// was cancelled, so its total time is a lower bound and it has no downtime) carries an open
/// triangle explained in the legend. A categorical X (policy names, "unlimited") is placed at
/// 0, 1, 2, ... with its values as ticks; a numeric one is linear or log (<see cref="AxisScale"/>),
/// with ScottPlot's tick generators.
/// </summary>
public static class LineFigure
{
    public const string NotConvergedLegend = "not every run converged (cancelled)";
    public const string NoneConvergedLegend = "no run converged (no value; drawn at 0)";

    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];

    // One marker per colour, large and open ones first, so a line drawn exactly over another still shows.
    private static readonly (MarkerShape Shape, float Size)[] Markers =
        [(MarkerShape.OpenCircle, 11), (MarkerShape.OpenSquare, 9), (MarkerShape.FilledCircle, 6), (MarkerShape.FilledSquare, 5), (MarkerShape.FilledDiamond, 6), (MarkerShape.Cross, 7)];

    public static Plot Draw(SweepTable table, PlotAxis x, PlotAxis y, IReadOnlyList<PlotAxis> groups, IEnumerable<SweepResultRow>? rows = null, LineFigureOptions? options = null)
    {
        options ??= new LineFigureOptions();
        var selected = (rows ?? table.Rows).ToList();
        var folded = table.Folded(selected, [x, .. groups]).Select(k => table.Category(k)!).ToList();
        var lineAxes = groups.Concat(folded).ToList();
        var pattern = groups.Count >= 2 ? groups[1] : null;
        var colourAxes = lineAxes.Where(a => a != pattern).ToList();
        var converged = table.Axis("converged");

        var categories = x.Numeric ? null : selected.Select(r => r.Cells[x.Column]).Distinct().ToList();
        var xValues = x.Numeric ? selected.Select(r => table.Value(r, x)).OfType<double>().ToList() : [];
        var xScale = x.Numeric ? AxisScales.Resolve(options.XScale, xValues) : AxisScale.Linear;
        var yScale = options.YScale == AxisScale.Auto ? AxisScales.Resolve(AxisScale.Auto, selected.Select(r => table.Value(r, y)).OfType<double>().ToList()) : options.YScale;
        double? XPos(SweepResultRow r) => x.Numeric
            ? table.Value(r, x) is { } v && (xScale != AxisScale.Log || v > 0) ? xScale == AxisScale.Log ? Math.Log10(v) : v : null
            : categories!.IndexOf(r.Cells[x.Column]);
        double? YVal(SweepResultRow r) => table.Value(r, y) is { } v && (yScale != AxisScale.Log || v > 0) ? yScale == AxisScale.Log ? Math.Log10(v) : v : null;

        int reps = selected.Select(r => r.Replication).Distinct().Count();
        string by = lineAxes.Count > 0 ? $", one line per {Join(lineAxes.Select(a => SweepTable.Short(a.Key)))}" : "";
        string spread = reps > 1 ? $"\nmean of {reps} replications per point, band: their min-max" : "";
        var plot = FigureStyle.NewPlot((options.Title ?? $"{Title(y)} vs {SweepTable.Short(x.Key)}{by}") + spread,
            x.Label + (xScale == AxisScale.Log ? ", log scale" : ""), y.Label + (yScale == AxisScale.Log ? ", log scale" : ""));

        string Key(SweepResultRow r, IEnumerable<PlotAxis> axes) => string.Join(", ", axes.Select(a => r.Cells[a.Column]));
        // Colours from the whole table, so one policy keeps its colour in every figure of a sweep.
        var colourKeys = table.Rows.Select(r => Key(r, colourAxes)).Distinct().ToList();
        var patternKeys = pattern is null ? [""] : selected.Select(r => r.Cells[pattern.Column]).Distinct().ToList();
        bool notConvergedShown = false, noneConvergedShown = false;
        foreach (var line in selected.GroupBy(r => Key(r, lineAxes)))
        {
            var first = line.First();
            var color = FigureStyle.SeriesColor(colourKeys.IndexOf(Key(first, colourAxes)));
            var points = line
                .Select(r => (X: XPos(r), Y: YVal(r), Incomplete: converged is not null && table.Value(r, converged) == 0))
                .Where(q => q.X is not null)
                .GroupBy(q => q.X!.Value)
                .OrderBy(g => g.Key)
                .Select(g => (X: g.Key, Ys: g.Where(q => q.Y is not null).Select(q => q.Y!.Value).ToList(), Incomplete: g.Any(q => q.Incomplete)))
                .ToList();
            var unconverged = points.Where(p => p.Ys.Count == 0 && p.Incomplete).Select(p => p.X).ToArray();
            if (unconverged.Length > 0 && yScale != AxisScale.Log)
            {
                var crosses = plot.Add.Scatter(unconverged, new double[unconverged.Length], color);
                crosses.LineWidth = 0;
                crosses.MarkerShape = MarkerShape.Eks;
                crosses.MarkerSize = 12;
                if (!noneConvergedShown) { crosses.LegendText = NoneConvergedLegend; noneConvergedShown = true; }
            }
            var drawn = points.Where(p => p.Ys.Count > 0)
                .Select(p => (p.X, Mean: p.Ys.Average(), Min: p.Ys.Min(), Max: p.Ys.Max(), p.Incomplete))
                .ToList();

            if (drawn.Count == 0) continue;
            if (drawn.Any(q => q.Max > q.Min))
            {
                var band = drawn.Select(q => new Coordinates(q.X, q.Max))
                    .Concat(drawn.AsEnumerable().Reverse().Select(q => new Coordinates(q.X, q.Min))).ToArray();
                var poly = plot.Add.Polygon(band);
                poly.FillColor = color.WithAlpha(0.15);
                poly.LineColor = color.WithAlpha(0.0);
            }
            var scatter = plot.Add.Scatter(drawn.Select(q => q.X).ToArray(), drawn.Select(q => q.Mean).ToArray(), color);
            scatter.LineWidth = 2;
            var (shape, size) = Markers[colourKeys.IndexOf(Key(first, colourAxes)) % Markers.Length];
            scatter.MarkerShape = shape;
            scatter.MarkerSize = size;
            scatter.LinePattern = pattern is null ? LinePattern.Solid : Patterns[patternKeys.IndexOf(first.Cells[pattern.Column]) % Patterns.Length];
            if (lineAxes.Count > 0) scatter.LegendText = Key(first, lineAxes);
            var incomplete = drawn.Where(q => q.Incomplete).ToList();
            if (incomplete.Count > 0)
            {
                var marks = plot.Add.Scatter(incomplete.Select(q => q.X).ToArray(), incomplete.Select(q => q.Mean).ToArray(), color);
                marks.LineWidth = 0;
                marks.MarkerShape = MarkerShape.OpenTriangleUp;
                marks.MarkerSize = 14;
                if (!notConvergedShown) { marks.LegendText = NotConvergedLegend; notConvergedShown = true; }
            }
        }

        if (options.DiagonalLabel is { } diagonal && x.Numeric && xValues.Count > 0)
        {
            double lo = xValues.Min(), hi = xValues.Max();
            var xs = Enumerable.Range(0, 50).Select(i => lo + (hi - lo) * i / 49).ToArray();
            var ref1 = plot.Add.Scatter(xs.Select(v => xScale == AxisScale.Log ? Math.Log10(v) : v).ToArray(), xs.Select(v => yScale == AxisScale.Log ? Math.Log10(v) : v).ToArray(), Colors.Gray);
            ref1.MarkerSize = 0;
            ref1.LinePattern = LinePattern.Dashed;
            ref1.LegendText = diagonal;
        }
        if (options.Reference is { } reference)
        {
            var h = plot.Add.HorizontalLine(yScale == AxisScale.Log ? Math.Log10(reference.Y) : reference.Y);
            h.Color = Colors.Red;
            h.LinePattern = LinePattern.Dashed;
            h.LegendText = reference.Label;
        }

        if (categories is not null)
            plot.Axes.Bottom.SetTicks(Enumerable.Range(0, categories.Count).Select(i => (double)i).ToArray(), categories.ToArray());
        if (xScale == AxisScale.Log) plot.Axes.Bottom.TickGenerator = LogTicks(xValues.Where(v => v > 0).ToList());
        if (yScale == AxisScale.Log) plot.Axes.Left.TickGenerator = LogTicks(selected.Select(r => table.Value(r, y)).OfType<double>().Where(v => v > 0).ToList());
        if (plot.GetPlottables().Any(p => p.LegendItems.Any(i => !string.IsNullOrEmpty(i.LabelText)))) plot.ShowLegend(Edge.Right);
        return plot;
    }

    /// <summary>
    /// Ticks for log10 positions: over two decades or more, ScottPlot's decades labelled (1k, 10k, ...)
    /// with its minor ticks at 2..9 x each; over less, the round values themselves (ScottPlot's own
    /// steps in log10 land between them: 6.3, 7.9), labelled 1-2-5 in each decade over one decade or
    /// more and 1..9 below, the others as minor ticks.
    /// </summary>
    public static ScottPlot.ITickGenerator LogTicks(IReadOnlyList<double> values)
    {
        double decades = values.Count > 0 ? Math.Log10(values.Max() / values.Min()) : 0;
        if (values.Count == 0 || decades >= 2)
        {
            var auto = new ScottPlot.TickGenerators.NumericAutomatic { LabelFormatter = v => Short(Math.Pow(10, v)) };
            if (values.Count == 0) return auto;
            auto.IntegerTicksOnly = true;
            auto.MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator();
            return auto;
        }
        var ticks = new ScottPlot.TickGenerators.NumericManual();
        int[] labelled = decades >= 1 ? [1, 2, 5] : [1, 2, 3, 4, 5, 6, 7, 8, 9];
        double lo = values.Min() / 2, hi = values.Max() * 2; // the axis' margins
        for (int e = (int)Math.Floor(Math.Log10(lo)); e <= (int)Math.Ceiling(Math.Log10(hi)); e++)
            for (int m = 1; m <= 9; m++)
            {
                double v = m * Math.Pow(10, e);
                if (v < lo || v > hi) continue;
                if (labelled.Contains(m)) ticks.AddMajor(Math.Log10(v), Short(v));
                else ticks.AddMinor(Math.Log10(v));
            }
        return ticks;
    }

    private static string Short(double v)
    {
        var c = CultureInfo.InvariantCulture;
        double r = double.Parse(v.ToString("G2", c), c);
        return r >= 1e9 ? (r / 1e9).ToString("0.#", c) + "G" : r >= 1e6 ? (r / 1e6).ToString("0.#", c) + "M" : r >= 1e3 ? (r / 1e3).ToString("0.#", c) + "k" : r.ToString("0.###", c);
    }

    private static string Join(IEnumerable<string> items)
    {
        var l = items.ToList();
        return l.Count <= 1 ? string.Join("", l) : string.Join(", ", l.Take(l.Count - 1)) + " and " + l[^1];
    }

    public static string Title(PlotAxis y)
    {
        int paren = y.Label.IndexOf(" (", StringComparison.Ordinal);
        string t = paren > 0 ? y.Label[..paren] : y.Label;
        return char.ToUpperInvariant(t[0]) + t[1..];
    }
}
