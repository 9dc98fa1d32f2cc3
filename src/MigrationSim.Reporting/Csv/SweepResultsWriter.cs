namespace MigrationSim.Reporting.Csv;

/// <summary>
/// Appends rows to results.csv as runs finish, from any thread, flushing each row to the OS
/// so that a killed sweep loses at most the row being written (which --resume then drops).
/// </summary>
public sealed class SweepResultsWriter : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _lock = new();

    private SweepResultsWriter(StreamWriter writer) => _writer = writer;

    /// <summary>Creates a new file with the header comment and the columns; fails if the file exists.</summary>
    public static SweepResultsWriter Create(string path, SweepResultsHeader header, IReadOnlyList<string> columns)
    {
        var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read);
        var w = new SweepResultsWriter(new StreamWriter(stream) { AutoFlush = false });
        w._writer.Write(header.Format());
        w._writer.Write('\n');
        w._writer.Write(SweepResultsFile.Line(columns));
        w._writer.Flush();
        return w;
    }

    /// <summary>Opens an existing, complete results file for appending.</summary>
    public static SweepResultsWriter Append(string path)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        return new SweepResultsWriter(new StreamWriter(stream) { AutoFlush = false });
    }

    public void Write(SweepResultRow row)
    {
        string line = SweepResultsFile.Line(row.Cells);
        lock (_lock)
        {
            _writer.Write(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_lock) _writer.Dispose();
    }
}
