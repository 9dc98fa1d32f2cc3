using System.Globalization;
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
        if (MetricUnits.Known(key) is { } known) return new PlotAxis(key, c, known.Label, known.Scale, true);
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
