namespace MigrationSim.Reporting.Csv;

/// <summary>One row of results.csv: which run it is (point index, replication) and its cells in column order.</summary>
public sealed record SweepResultRow(int Point, int Replication, IReadOnlyList<string> Cells);
