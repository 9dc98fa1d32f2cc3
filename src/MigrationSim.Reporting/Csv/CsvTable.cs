using System.Globalization;
using CsvHelper;

namespace MigrationSim.Reporting.Csv;

/// <summary>
/// A fixed list of columns for a record type, written with CsvHelper in invariant culture.
/// The model's records stay free of serialisation attributes; the headers live here.
/// </summary>
public sealed class CsvTable<T>(IReadOnlyList<CsvColumn<T>> columns)
{
    private static readonly CsvWriterOptions Options = new() { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture };

    public IReadOnlyList<CsvColumn<T>> Columns { get; } = columns;

    public IReadOnlyList<string> Headers => Columns.Select(c => c.Header).ToList();

    public void Write(TextWriter writer, IEnumerable<T> records, bool header = true)
    {
        using var csv = Open(writer, header);
        foreach (var r in records) WriteRow(csv, r);
        csv.Flush();
    }

    /// <summary>A CsvHelper writer on <paramref name="writer"/> in this table's format, the header written when asked.</summary>
    internal CsvWriter Open(TextWriter writer, bool header = true)
    {
        var csv = CsvWriter.Create(writer, Options, true);
        if (header) csv.WriteHeader(Headers.ToArray());
        return csv;
    }

    /// <summary>Writes <paramref name="record"/> as one row.</summary>
    internal void WriteRow(CsvWriter csv, T record)
    {
        foreach (var c in Columns)
            csv.WriteField(c.Format(record) ?? "");
        csv.EndRecord();
    }

    public void Write(string path, IEnumerable<T> records)
    {
        using var writer = new StreamWriter(path);
        Write(writer, records);
    }
}
