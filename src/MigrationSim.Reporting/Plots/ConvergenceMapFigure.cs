using MigrationSim.Reporting.Csv;
using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// Write rate x bandwidth grid. Without a policy axis each cell is coloured by the fraction of
/// runs that converged and labelled with the mean iteration count; with one, each cell names the
/// winning policy: the one whose runs all completed with the lowest mean total time
/// (ties: lowest downtime), coloured per policy; "none" when no policy completed every run.
/// </summary>
public static class ConvergenceMapFigure
{
    /// <summary>
    /// <paramref name="x"/> and <paramref name="y"/> give the axis labels and, when numeric, the order
    /// of the cells; the cells are the distinct values as written in the sweep (their tick labels).
    /// </summary>
    public static Plot Draw(SweepTable table, PlotAxis x, PlotAxis y, PlotAxis? policy)
    {
        var xCells = table.Category(x.Key)!;
        var yCells = table.Category(y.Key)!;
        var xs = Ordered(table, xCells, x);
        var ys = Ordered(table, yCells, y);
        var plot = FigureStyle.NewPlot(policy is null ? "Convergence map (colour: fraction converged, label: iterations)" : "Winning policy (all runs converged, lowest mean total time)",
            x.Label, y.Label);
        var converged = table.Axis("converged")!;
        var iterations = table.Axis("dirty-sync-count")!;
        var total = table.Axis("total-time")!;
        var downtime = table.Axis("downtime")!;
        IReadOnlyList<string> policies = policy is null ? [] : table.Distinct(policy.Column);
        var colormap = new ScottPlot.Colormaps.Viridis();
        for (int i = 0; i < xs.Count; i++)
        for (int j = 0; j < ys.Count; j++)
        {
            var cell = table.Rows.Where(r => r.Cells[xCells.Column] == xs[i] && r.Cells[yCells.Column] == ys[j]).ToList();
            if (cell.Count == 0) continue;
            Color fill;
            string text;
            if (policy is null)
            {
                double fraction = cell.Average(r => table.Value(r, converged) ?? 0);
                fill = colormap.GetColor(fraction);
                text = fraction == 0 ? "no" : $"{cell.Average(r => table.Value(r, iterations) ?? 0):0.#}";
            }
            else
            {
                var winner = cell.GroupBy(r => r.Cells[policy.Column])
                    .Where(g => g.All(r => table.Value(r, converged) == 1))
                    .Select(g => (Policy: g.Key, Total: g.Average(r => table.Value(r, total) ?? double.MaxValue), Down: g.Average(r => table.Value(r, downtime) ?? double.MaxValue)))
                    .OrderBy(w => w.Total).ThenBy(w => w.Down)
                    .FirstOrDefault();
                text = winner.Policy is null ? "none" : $"{winner.Policy}\n{winner.Total:0.#} s";
                fill = winner.Policy is null ? Colors.LightGray : FigureStyle.SeriesColor(policies.ToList().IndexOf(winner.Policy)).WithAlpha(0.6);
            }
            var rect = plot.Add.Rectangle(i - 0.5, i + 0.5, j - 0.5, j + 0.5);
            rect.FillColor = fill;
            rect.LineColor = Colors.White;
            var label = plot.Add.Text(text, i, j);
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontColor = policy is null && (0.299 * fill.R + 0.587 * fill.G + 0.114 * fill.B) / 255 < 0.5 ? Colors.White : Colors.Black;
        }
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, xs.Count).Select(i => (double)i).ToArray(), xs.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, ys.Count).Select(i => (double)i).ToArray(), ys.ToArray());
        plot.Axes.SetLimits(-0.5, xs.Count - 0.5, -0.5, ys.Count - 0.5);
        plot.HideGrid();
        return plot;
    }

    // Sweep order, or by the numeric value when there is one, so the grid reads low to high.
    private static List<string> Ordered(SweepTable table, PlotAxis cells, PlotAxis numeric)
    {
        var labels = table.Distinct(cells.Column).ToList();
        if (!numeric.Numeric) return labels;
        return labels.OrderBy(l => table.Value(table.Rows.First(r => r.Cells[cells.Column] == l), numeric) ?? double.MaxValue).ToList();
    }
}
