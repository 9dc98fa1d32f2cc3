using System.Globalization;
using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;

namespace MigrationSim.Reporting.Plots;

/// <summary>
/// results.csv for plotting: axis resolution (with units), numeric cells, and the row groups
/// figures aggregate over (replications of one point).
/// </summary>
public sealed class SweepTable(SweepResults results)
{
    public const string Policy = "migration.policy";
    public const string DowntimeLimit = "migration.downtime-limit";
    public const string MaxBandwidth = "migration.max-bandwidth";
    public const string LinkBandwidth = "network.bandwidth";
    public const string WriteRate = "workload.rate";

    public SweepResults Results { get; } = results;
    public IReadOnlyList<SweepResultRow> Rows => Results.Rows;

    public static SweepTable Load(string path) => new(SweepResultsFile.Read(path));

    public bool Has(string column) => Results.ColumnIndex(column) >= 0;

    /// <summary>
    /// The swept parameters (the columns before the summary figures, without their "[unit]"
    /// companions) that take more than one value in <paramref name="rows"/> (default: every row).
    /// </summary>
    public IReadOnlyList<string> SweptKeys(IEnumerable<SweepResultRow>? rows = null)
    {
        int end = Results.ColumnIndex(SweepResultsFile.FigureHeaders[0]);
        var selected = (rows ?? Rows).ToList();
        return Results.Columns.Take(end < 0 ? 0 : end)
            .Select((c, i) => (c, i))
            .Where(x => !x.c.EndsWith(']') && selected.Select(r => r.Cells[x.i]).Distinct().Skip(1).Any())
            .Select(x => x.c).ToList();
    }

    /// <summary>
    /// Swept keys that still vary among rows sharing the values of <paramref name="shown"/>: drawing
    /// those rows as one point would fold these axes into it. Zipped partners of a shown key do not vary, so they are not listed.
    /// </summary>
    public IReadOnlyList<string> Folded(IEnumerable<SweepResultRow> rows, IEnumerable<PlotAxis> shown)
    {
        var selected = rows.ToList();
        var axes = shown.ToList();
        var groups = selected.GroupBy(r => string.Join('\u0001', axes.Select(a => r.Cells[a.Column]))).ToList();
        return SweptKeys(selected).Where(k => axes.All(a => a.Key != k)
                                              && groups.Any(g => g.Select(r => r.Cells[Results.ColumnIndex(k)]).Distinct().Skip(1).Any())).ToList();
    }

    /// <summary>Replications per point (the largest replication index + 1).</summary>
    public int Replications => Rows.Count == 0 ? 0 : Rows.Max(r => r.Replication) + 1;

    /// <summary>A swept parameter (or any column) with at least two distinct values.</summary>
    public bool Varies(string column)
    {
        int c = Results.ColumnIndex(column);
        return c >= 0 && Rows.Select(r => r.Cells[c]).Distinct().Skip(1).Any();
    }

    public string Cell(SweepResultRow row, int column) => row.Cells[column];

    public static double? Number(string cell)
    {
        if (cell == "true") return 1;
        if (cell == "false") return 0;
        return double.TryParse(cell, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v : null;
    }

    public double? Value(SweepResultRow row, PlotAxis axis) =>
        Number(row.Cells[axis.Column]) is { } v ? v * axis.Scale : null;

    /// <summary>
    /// Resolves a key the user wrote (a swept parameter such as migration.max-bandwidth, or a
    /// summary figure such as downtime) to a column, preferring a parameter's numeric "[unit]" companion.
    /// </summary>
    public PlotAxis? Axis(string key)
    {
        foreach (string col in Results.Columns.Where(c => c.StartsWith(key + " [", StringComparison.Ordinal)))
        {
            string unit = col[(key.Length + 2)..^1];
            return new PlotAxis(key, Results.ColumnIndex(col), $"{Short(key)} ({unit})", 1, true);
        }
        int c = Results.ColumnIndex(key);
        if (c < 0) return null;
        if (Metrics.TryGet(key, out var metric)) return new PlotAxis(key, c, metric.PlotLabel, metric.PlotScale, true);
        bool numeric = Rows.All(r => r.Cells[c].Length == 0 || Number(r.Cells[c]) is not null) && Rows.Any(r => r.Cells[c].Length > 0);
        return new PlotAxis(key, c, Short(key), 1, numeric);
    }

    /// <summary>
    /// A column as written, for grouping (series, facets, map cells): "64MiB/s" rather than its
    /// numeric companion, so legends read as the sweep file does.
    /// </summary>
    public PlotAxis? Category(string key)
    {
        int c = Results.ColumnIndex(key);
        return c < 0 ? null : new PlotAxis(key, c, Short(key), 1, false);
    }

    /// <summary>Distinct values of a column in order of first appearance (rows are sorted by point, so sweep order).</summary>
    public IReadOnlyList<string> Distinct(int column) => Rows.Select(r => r.Cells[column]).Distinct().ToList();

    /// <summary>The last part of a dotted key: "migration.max-bandwidth" is labelled "max-bandwidth".</summary>
    public static string Short(string key) => key.Contains('.') ? key[(key.LastIndexOf('.') + 1)..] : key;
}
