using System.Globalization;
using MigrationSim.Reporting.Csv;
using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// "Which policy finishes first without costing the guest too much?" over write rate x bandwidth:
/// in each cell, among the policies whose runs all converged with guest progress at least
/// <see cref="MinGuestProgress"/> in every run, the one with the lowest mean total time; the label
/// gives that time and the worst guest progress. Colour names the policy (legend); grey: no policy
/// qualified. Other swept axes varying within a cell are pooled, and the title says so.
/// </summary>
public static class WinningPolicyMapFigure
{
    /// <summary>The guest-progress floor a winner must keep in every run (work done / undisturbed work).</summary>
    public const double MinGuestProgress = 0.9;

    public static Plot Draw(SweepTable table, PlotAxis x, PlotAxis y, PlotAxis policy)
    {
        var c = CultureInfo.InvariantCulture;
        var xCells = table.Category(x.Key)!;
        var yCells = table.Category(y.Key)!;
        var xs = ConvergenceMapFigure.Ordered(table, xCells, x);
        var ys = ConvergenceMapFigure.Ordered(table, yCells, y);
        var pooled = table.Folded(table.Rows, [xCells, yCells, policy]).Select(SweepTable.Short).ToList();
        var plot = FigureStyle.NewPlot($"Fastest policy keeping guest progress >= {MinGuestProgress.ToString("0.##", c)} in every run (all runs converged)" +
                                       $"\nlabel: mean total time, worst guest progress{(pooled.Count > 0 ? $"; pooled over {string.Join(", ", pooled)}" : "")}", x.Label, y.Label);
        var converged = table.Axis("converged")!;
        var total = table.Axis("total-time")!;
        var progress = table.Axis("guest-progress")!;
        var policies = table.Distinct(policy.Column).ToList();
        bool anyNone = false;
        for (int i = 0; i < xs.Count; i++)
        for (int j = 0; j < ys.Count; j++)
        {
            var cell = table.Rows.Where(r => r.Cells[xCells.Column] == xs[i] && r.Cells[yCells.Column] == ys[j]).ToList();
            if (cell.Count == 0) continue;
            var winner = cell.GroupBy(r => r.Cells[policy.Column])
                .Where(g => g.All(r => table.Value(r, converged) == 1 && (table.Value(r, progress) ?? 0) >= MinGuestProgress))
                .Select(g => (Policy: g.Key, Total: g.Average(r => table.Value(r, total) ?? double.MaxValue), Progress: g.Min(r => table.Value(r, progress) ?? 0)))
                .OrderBy(w => w.Total)
                .FirstOrDefault();
            var rect = plot.Add.Rectangle(i - 0.5, i + 0.5, j - 0.5, j + 0.5);
            rect.FillColor = winner.Policy is null ? Colors.LightGray : FigureStyle.SeriesColor(policies.IndexOf(winner.Policy)).WithAlpha(0.55);
            rect.LineColor = Colors.White;
            anyNone |= winner.Policy is null;
            var label = plot.Add.Text(winner.Policy is null ? "none" : $"{winner.Policy}\n{winner.Total.ToString("0.#", c)} s, {winner.Progress.ToString("0.00", c)}", i, j);
            label.LabelFontSize = 12;
            label.LabelAlignment = Alignment.MiddleCenter;
        }
        foreach (var p in policies)
            plot.Legend.ManualItems.Add(new LegendItem { LabelText = p, FillColor = FigureStyle.SeriesColor(policies.IndexOf(p)).WithAlpha(0.55) });
        if (anyNone) plot.Legend.ManualItems.Add(new LegendItem { LabelText = "none qualifies", FillColor = Colors.LightGray });
        plot.ShowLegend(Edge.Right);
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, xs.Count).Select(i => (double)i).ToArray(), xs.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, ys.Count).Select(i => (double)i).ToArray(), ys.ToArray());
        plot.Axes.SetLimits(-0.5, xs.Count - 0.5, -0.5, ys.Count - 0.5);
        plot.HideGrid();
        return plot;
    }
}
