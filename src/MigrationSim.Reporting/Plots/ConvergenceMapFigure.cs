using MigrationSim.Reporting.Csv;
using ScottPlot;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// "Does precopy converge?" over a grid of two swept axes (write rate x bandwidth): each cell is
/// coloured by the fraction of its runs that converged (colour bar 0..1) and labelled with the mean
/// iteration count of the converged runs ("no": none converged). Any other swept axis varying within
/// a cell is pooled, and the title says so.
/// </summary>
public static class ConvergenceMapFigure
{
    public static Plot Draw(SweepTable table, PlotAxis x, PlotAxis y)
    {
        var xCells = table.Category(x.Key)!;
        var yCells = table.Category(y.Key)!;
        var xs = Ordered(table, xCells, x);
        var ys = Ordered(table, yCells, y);
        var pooled = table.Folded(table.Rows, [xCells, yCells]).Select(SweepTable.Short).ToList();
        var plot = FigureStyle.NewPlot("Does precopy converge? Colour: fraction of runs converged; label: mean iterations" +
                                       (pooled.Count > 0 ? $"\npooled over {string.Join(", ", pooled)}" : ""), x.Label, y.Label);
        var converged = table.Axis("converged")!;
        var iterations = table.Axis("dirty-sync-count")!;
        // Heatmap rows run top to bottom: row 0 is the largest y.
        var fractions = new double[ys.Count, xs.Count];
        var labels = new List<(int I, int J, string Text, double Fraction)>();
        for (int i = 0; i < xs.Count; i++)
        for (int j = 0; j < ys.Count; j++)
        {
            var cell = table.Rows.Where(r => r.Cells[xCells.Column] == xs[i] && r.Cells[yCells.Column] == ys[j]).ToList();
            if (cell.Count == 0) { fractions[ys.Count - 1 - j, i] = double.NaN; continue; }
            double fraction = cell.Average(r => table.Value(r, converged) ?? 0);
            fractions[ys.Count - 1 - j, i] = fraction;
            var done = cell.Where(r => table.Value(r, converged) == 1).ToList();
            labels.Add((i, j, done.Count == 0 ? "no" : $"{done.Average(r => table.Value(r, iterations) ?? 0):0.#}", fraction));
        }
        var heatmap = plot.Add.Heatmap(fractions);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.ManualRange = new ScottPlot.Range(0, 1);
        // ScottPlot places the data points (cell centres) on this rectangle: cell (i, j) centred at (i, j).
        heatmap.Position = new CoordinateRect(0, xs.Count - 1, 0, ys.Count - 1);
        foreach (var (i, j, text, fraction) in labels)
        {
            var label = plot.Add.Text(text, i, j);
            label.LabelFontSize = 13;
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontColor = fraction < 0.5 ? Colors.White : Colors.Black;
        }
        var bar = plot.Add.ColorBar(heatmap);
        bar.Label = "fraction of runs converged";
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, xs.Count).Select(i => (double)i).ToArray(), xs.ToArray());
        plot.Axes.Left.SetTicks(Enumerable.Range(0, ys.Count).Select(i => (double)i).ToArray(), ys.ToArray());
        plot.Axes.SetLimits(-0.5, xs.Count - 0.5, -0.5, ys.Count - 0.5);
        plot.HideGrid();
        return plot;
    }

    /// <summary>Sweep order, or by the numeric value when there is one, so the grid reads low to high.</summary>
    public static List<string> Ordered(SweepTable table, PlotAxis cells, PlotAxis numeric)
    {
        var labels = table.Distinct(cells.Column).ToList();
        if (!numeric.Numeric) return labels;
        return labels.OrderBy(l => table.Value(table.Rows.First(r => r.Cells[cells.Column] == l), numeric) ?? double.MaxValue).ToList();
    }
}
