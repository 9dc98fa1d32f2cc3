namespace MigrationSim.Reporting.Csv;

/// <summary>A results.csv as read: its header comment, its columns and its complete rows.</summary>
public sealed record SweepResults(SweepResultsHeader Header, IReadOnlyList<string> Columns, IReadOnlyList<SweepResultRow> Rows)
{
    /// <summary>True when the file ended in the middle of a row (a killed writer); that row is not in <see cref="Rows"/>.</summary>
    public bool HadIncompleteTail { get; init; }

    public int ColumnIndex(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
            if (Columns[i] == name) return i;
        return -1;
    }
}
