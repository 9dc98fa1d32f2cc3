using CsvHelper;

namespace MigrationSim.Reporting.Csv;

/// <summary>
/// Appends rows to results.csv as runs finish, from any thread, flushing each row to the OS
/// so that a killed sweep loses at most the row being written (which --resume then drops).
/// </summary>
public sealed class SweepResultsWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly CsvWriter _csv; // one for the file; nothing else writes to _writer once it is made
    private readonly Lock _lock = new();

    private SweepResultsWriter(StreamWriter writer)
    {
        _writer = writer;
        _csv = SweepResultsFile.Open(writer);
    }

    /// <summary>Creates a new file with the header comment and the columns; fails if the file exists.</summary>
    public static SweepResultsWriter Create(string path, SweepResultsHeader header, IReadOnlyList<string> columns)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream) { AutoFlush = false };
        writer.Write(header.Format());
        writer.Write('\n');
        var w = new SweepResultsWriter(writer);
        w.WriteLine(columns);
        return w;
    }

    /// <summary>Opens an existing, complete results file for appending.</summary>
    public static SweepResultsWriter Append(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new SweepResultsWriter(new StreamWriter(stream) { AutoFlush = false });
    }

    public void Write(SweepResultRow row) => WriteLine(row.Cells);

    public void Dispose()
    {
        lock (_lock)
        {
            _csv.Dispose();
            _writer.Dispose();
        }
    }

    private void WriteLine(IEnumerable<string> cells)
    {
        lock (_lock)
        {
            SweepResultsFile.WriteRecord(_csv, cells);
            _csv.Flush();
            _writer.Flush();
        }
    }
}
