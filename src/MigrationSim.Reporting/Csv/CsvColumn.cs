namespace MigrationSim.Reporting.Csv;

/// <summary>One column of a CSV table: its header and how to format a record's value (null = empty cell).</summary>
public sealed record CsvColumn<T>(string Header, Func<T, string?> Format);
