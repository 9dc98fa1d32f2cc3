using MigrationSim.Model.Fleets;
using MigrationSim.Reporting.Plots;
using ScottPlot;

namespace MigrationSim.Reporting.Fleets;

/// <summary>
/// A fleet run as a Gantt chart: one bar per migration (top to bottom in request order),
/// coloured by phase (queued at the orchestrator, precopy, the guest's pause, postcopy,
/// aborted), a tick where the guest's pause is too short to see at the chart's scale, a cross
/// where a completed migration broke its downtime SLA; below it each link's utilisation per
/// second as a colour (one row per link that carried traffic).
/// </summary>
public static class GanttFigure
{
    public static readonly Color Queued = Color.FromHex("#c7c7c7");
    public static readonly Color Precopy = Color.FromHex("#1f77b4");
    public static readonly Color Pause = Color.FromHex("#d62728");
    public static readonly Color Postcopy = Color.FromHex("#ff7f0e");
    public static readonly Color Aborted = Color.FromHex("#7f7f7f");

    /// <summary>Links named on the utilisation panel up to this many; beyond, the rows are unlabelled.</summary>
    private const int MaxLinkLabels = 30;

    /// <summary>Rows of the utilisation panel for <paramref name="result"/>: the links that carried traffic.</summary>
    public static int LinkRows(FleetResult result) => Math.Max(1, result.Links.Count(l => l.CarriedBytes > 0));

    public static void Save(FleetResult result, string path)
    {
        var (gantt, utilisation, rows) = Draw(result);
        var multi = new Multiplot();
        // Same margins on both panels, so that their time axes line up (the legends sit in the right margin).
        var padding = new PixelPadding(left: 110, right: 270, bottom: 50, top: 40);
        gantt.Layout.Fixed(padding);
        utilisation.Layout.Fixed(padding);
        multi.Reset(gantt);
        multi.AddPlot(utilisation);
        int ganttHeight = GanttHeight(rows);
        var layout = new ScottPlot.MultiplotLayouts.DraggableRows();
        multi.Layout = layout;
        int utilisationHeight = Math.Clamp(120 + 18 * LinkRows(result), 220, 600);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        layout.SetHeights([ganttHeight, utilisationHeight]);
        multi.SavePng(path, FigureStyle.Width + 220, ganttHeight + utilisationHeight);
    }

    /// <summary>Height of the Gantt panel for <paramref name="rows"/> migrations, pixels.</summary>
    public static int GanttHeight(int rows) => Math.Clamp(140 + 14 * rows, 380, 1400);

    public static (Plot Gantt, Plot Utilisation, int Rows) Draw(FleetResult result)
    {
        double scale = result.MakespanMs > 600_000 ? 60_000 : 1000;
        string unit = scale == 60_000 ? "min" : "s";
        var gantt = FigureStyle.NewPlot($"{result.Name}: {result.Operation}", $"time ({unit})", "");
        var bars = new List<Bar>();
        var overSla = new List<Coordinates>();
        var shortPauses = new List<Coordinates>();
        int n = result.Guests.Count;
        double xMax = Math.Max(result.MakespanMs / scale, 1e-3) * 1.02;
        // A pause narrower than this share of the time axis (about 2 px) would vanish: it gets a tick.
        double visibleMs = xMax * scale * 0.003;
        for (int i = 0; i < n; i++)
        {
            var g = result.Guests[i];
            double y = n - 1 - i;
            void Add(double? from, double? to, Color color)
            {
                if (from is not { } f || to is not { } t || t < f) return;
                bars.Add(new Bar { Position = y, ValueBase = f / scale, Value = Math.Max(t, f) / scale, FillColor = color, LineWidth = 0, Size = 0.8 });
            }
            if (g.StartMs is not { } start || g.EndMs is not { } end) continue;
            Add(g.QueuedMs, start, Queued);
            if (g.Outcome == FleetOutcome.Aborted)
            {
                Add(start, end, Aborted);
                continue;
            }
            if (g.StopMs is { } stop && g.DowntimeMs is { } down && down < visibleMs)
                shortPauses.Add(new Coordinates(stop / scale, y));
            if (g.ResumeMs is { } resume && g.StopMs is { } sw)
            {
                Add(start, sw, Precopy);
                Add(sw, resume, Pause);
                Add(resume, end, Postcopy);
            }
            else
            {
                double pauseFrom = end - (g.DowntimeMs ?? 0);
                Add(start, pauseFrom, Precopy);
                Add(pauseFrom, end, Pause);
            }
            if (g.OverSla) overSla.Add(new Coordinates(end / scale, y));
        }
        var barPlot = gantt.Add.Bars(bars);
        barPlot.Horizontal = true;
        // A tick as tall as a row (at most 12 px); rows thinner than 3 px get none, as they would cover their neighbours.
        double rowPixels = (GanttHeight(n) - 90.0) / (n + 1);
        if (shortPauses.Count > 0 && rowPixels >= 3)
        {
            var ticks = gantt.Add.ScatterPoints(shortPauses.Select(c => c.X).ToArray(), shortPauses.Select(c => c.Y).ToArray(), Pause);
            ticks.MarkerShape = MarkerShape.VerticalBar;
            ticks.MarkerSize = (float)Math.Min(12, rowPixels);
            ticks.MarkerLineWidth = 2;
            ticks.LegendText = "short pause (not to scale)";
        }
        if (overSla.Count > 0)
        {
            var marks = gantt.Add.ScatterPoints(overSla.Select(c => c.X).ToArray(), overSla.Select(c => c.Y).ToArray(), Pause);
            marks.MarkerShape = MarkerShape.Eks;
            marks.MarkerSize = 9;
            marks.LegendText = "over its downtime SLA";
        }
        foreach (var (label, color) in new[] { ("queued", Queued), ("precopy", Precopy), ("guest paused (downtime)", Pause), ("postcopy", Postcopy), ("precopy, then aborted", Aborted) })
            gantt.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        gantt.ShowLegend(Edge.Right);
        if (n <= 40)
            gantt.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), RowLabels(result.Guests));
        else
        {
            // Request numbers, the first at the top (the rows' positions count from the bottom).
            int step = (int)Math.Ceiling(n / 10.0 / 50) * 50;
            var numbers = Enumerable.Range(0, n / step + 1).Select(k => Math.Max(1, k * step)).Where(r => r <= n).ToArray();
            gantt.Axes.Left.SetTicks(numbers.Select(r => (double)(n - r)).ToArray(), numbers.Select(r => r.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            gantt.YLabel($"migration (1-{n}, in request order)");
        }
        gantt.Axes.SetLimits(0, xMax, -1, n);

        var used = result.Links.Where(l => l.CarriedBytes > 0).ToList();
        var utilisation = FigureStyle.NewPlot("link utilisation (each second's mean load over capacity)", $"time ({unit})", "");
        // One row per link, one cell per second, coloured by load: lines of many links overlap
        // (equal shares draw on top of each other) and joining per-second means draws ramps that never happened.
        if (used.Count > 0)
        {
            int seconds = used.Max(l => l.CarriedPerSecond.Count);
            var cells = new double[used.Count, seconds];
            for (int k = 0; k < used.Count; k++)
            for (int s = 0; s < seconds; s++)
                cells[k, s] = s < used[k].CarriedPerSecond.Count ? 100 * used[k].CarriedPerSecond[s] / used[k].CapacityBytesPerSecond : 0;
            var heatmap = utilisation.Add.Heatmap(cells);
            // Light for an idle link, dark for a saturated one, in colours none of the phases above uses.
            heatmap.Colormap = new ScottPlot.Colormaps.Matter();
            heatmap.ManualRange = new ScottPlot.Range(0, 100);
            heatmap.Rectangle = new CoordinateRect(0, seconds * 1000 / scale, -0.5, used.Count - 0.5);
            var bar = utilisation.Add.ColorBar(heatmap);
            bar.Label = "utilisation (%)";
            // Every link named when they fit; else every k-th, so a reader still finds which rows are which.
            int every = used.Count <= MaxLinkLabels ? 1 : (int)Math.Ceiling(used.Count / (double)MaxLinkLabels);
            var labelled = Enumerable.Range(0, used.Count).Where(k => k % every == 0).ToArray();
            utilisation.Axes.Left.SetTicks(labelled.Select(k => (double)(used.Count - 1 - k)).ToArray(), labelled.Select(k => used[k].Name).ToArray());
            if (every > 1) utilisation.YLabel($"{used.Count} links (one in {every} named)");
        }
        utilisation.HideGrid();
        utilisation.Axes.SetLimits(0, xMax, -0.5, Math.Max(used.Count, 1) - 0.5);
        return (gantt, utilisation, n);
    }

    /// <summary>The guest's name; with its destination when the guest moves more than once.</summary>
    private static string[] RowLabels(IReadOnlyList<FleetGuestResult> guests)
    {
        var moves = guests.CountBy(g => g.Guest).ToDictionary(c => c.Key, c => c.Value, StringComparer.Ordinal);
        return guests.Select(g => moves[g.Guest] > 1 ? $"{g.Guest} \u2192 {g.To}" : g.Guest).ToArray();
    }
}
