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
        using var csv = CsvWriter.Create(writer, Options, true);
        if (header) csv.WriteHeader(Headers.ToArray());
        foreach (var r in records)
        {
            foreach (var c in Columns)
                csv.WriteField(c.Format(r) ?? "");
            csv.EndRecord();
        }
        csv.Flush();
    }

    public void Write(string path, IEnumerable<T> records)
    {
        using var writer = new StreamWriter(path);
        Write(writer, records);
    }
}
