using CsvHelper;

namespace MigrationSim.Reporting.Csv;

/// <summary>Rows of a <see cref="CsvTable{T}"/> written one at a time as they come (a long run's every poll or fault), never held in memory.</summary>
public sealed class CsvStream<T> : IDisposable
{
    private readonly CsvTable<T> _table;
    private readonly StreamWriter _writer;
    private readonly CsvWriter _csv;
    private bool _disposed;

    /// <summary>Creates <paramref name="path"/> and writes <paramref name="table"/>'s header.</summary>
    public CsvStream(CsvTable<T> table, string path)
    {
        _table = table;
        _writer = new StreamWriter(path);
        _csv = table.Open(_writer);
    }

    /// <summary>Writes one row.</summary>
    public void Add(T record) => _table.WriteRow(_csv, record);

    /// <summary>Flushes and closes the file; safe to call twice (a finished output and its <c>using</c>).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _csv.Flush();
        _csv.Dispose();
        _writer.Dispose();
    }
}
