using MigrationSim.Model.Fleets;
using MigrationSim.Reporting.Plots;
using ScottPlot;

namespace MigrationSim.Reporting.Fleets;

/// <summary>
/// A fleet run as a Gantt chart: one bar per migration (top to bottom in request order),
/// coloured by phase (queued at the orchestrator, precopy, the guest's pause, postcopy,
/// aborted), a cross where a completed migration broke its downtime SLA; below it the links'
/// utilisation over time (each link when a few carried traffic, else the busiest link and the
/// mean over links in use).
/// </summary>
public static class GanttFigure
{
    public static readonly Color Queued = Color.FromHex("#c7c7c7");
    public static readonly Color Precopy = Color.FromHex("#1f77b4");
    public static readonly Color Pause = Color.FromHex("#d62728");
    public static readonly Color Postcopy = Color.FromHex("#ff7f0e");
    public static readonly Color Aborted = Color.FromHex("#7f7f7f");

    /// <summary>Links drawn one by one up to this many; beyond, their maximum and mean.</summary>
    private const int MaxLinkLines = 8;

    public static void Save(FleetResult result, string path)
    {
        var (gantt, utilisation, rows) = Draw(result);
        var multi = new Multiplot();
        multi.Reset(gantt);
        multi.AddPlot(utilisation);
        int ganttHeight = Math.Clamp(140 + 14 * rows, 380, 1400);
        var layout = new ScottPlot.MultiplotLayouts.DraggableRows();
        multi.Layout = layout;
        const int utilisationHeight = 300;
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        layout.SetHeights([ganttHeight, utilisationHeight]);
        multi.SavePng(path, FigureStyle.Width + 200, ganttHeight + utilisationHeight);
    }

    public static (Plot Gantt, Plot Utilisation, int Rows) Draw(FleetResult result)
    {
        double scale = result.MakespanMs > 600_000 ? 60_000 : 1000;
        string unit = scale == 60_000 ? "min" : "s";
        var gantt = FigureStyle.NewPlot($"{result.Name}: {result.Operation}", $"time ({unit})", "");
        var bars = new List<Bar>();
        var overSla = new List<Coordinates>();
        int n = result.Guests.Count;
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
        if (overSla.Count > 0)
        {
            var marks = gantt.Add.ScatterPoints(overSla.Select(c => c.X).ToArray(), overSla.Select(c => c.Y).ToArray(), Pause);
            marks.MarkerShape = MarkerShape.Eks;
            marks.MarkerSize = 9;
            marks.LegendText = "over its downtime SLA";
        }
        foreach (var (label, color) in new[] { ("queued", Queued), ("precopy", Precopy), ("guest paused (downtime)", Pause), ("postcopy", Postcopy), ("aborted", Aborted) })
            gantt.Legend.ManualItems.Add(new LegendItem { LabelText = label, FillColor = color });
        gantt.ShowLegend(Edge.Right);
        if (n <= 40)
            gantt.Axes.Left.SetTicks(Enumerable.Range(0, n).Select(i => (double)(n - 1 - i)).ToArray(), result.Guests.Select(g => g.Guest).ToArray());
        else
            gantt.YLabel($"{n} migrations, in request order");
        double xMax = Math.Max(result.MakespanMs / scale, 1e-3) * 1.02;
        gantt.Axes.SetLimits(0, xMax, -1, n);

        var utilisation = FigureStyle.NewPlot("link utilisation", $"time ({unit})", "utilisation (%)");
        var used = result.Links.Where(l => l.CarriedBytes > 0).ToList();
        double[] Series(FleetLinkResult l) => l.CarriedPerSecond.Select(b => 100 * b / l.CapacityBytesPerSecond).ToArray();
        double[] Times(int count) => Enumerable.Range(0, count).Select(s => (s + 0.5) * 1000 / scale).ToArray();
        if (used.Count <= MaxLinkLines)
        {
            for (int k = 0; k < used.Count; k++)
            {
                var values = Series(used[k]);
                var line = utilisation.Add.Scatter(Times(values.Length), values, FigureStyle.SeriesColor(k));
                line.MarkerSize = 0;
                line.LegendText = used[k].Name;
            }
        }
        else
        {
            int bins = used.Max(l => l.CarriedPerSecond.Count);
            var all = used.Select(Series).ToList();
            double At(double[] s, int b) => b < s.Length ? s[b] : 0;
            var max = Enumerable.Range(0, bins).Select(b => all.Max(s => At(s, b))).ToArray();
            var mean = Enumerable.Range(0, bins).Select(b => all.Average(s => At(s, b))).ToArray();
            var busiest = utilisation.Add.Scatter(Times(bins), max, FigureStyle.SeriesColor(3));
            busiest.MarkerSize = 0;
            busiest.LegendText = $"busiest of {used.Count} links";
            var avg = utilisation.Add.Scatter(Times(bins), mean, FigureStyle.SeriesColor(0));
            avg.MarkerSize = 0;
            avg.LegendText = $"mean over the {used.Count} links that carried traffic";
        }
        utilisation.ShowLegend(Edge.Right);
        utilisation.Axes.SetLimits(0, xMax, 0, 105);
        return (gantt, utilisation, n);
    }
}
