using MigrationSim.Model.Results;

namespace MigrationSim.Model.Migration;

/// <summary>
/// The faults of a postcopy phase in bounded memory: every latency goes into a
/// <see cref="LatencyHistogram"/>, and the records themselves are kept one in <see cref="OneIn"/>
/// (every one while there are fewer than <see cref="RecordCap"/>; then the stride doubles each
/// time the list fills, keeping a systematic sample in order of arrival).
/// </summary>
public sealed class FaultLog
{
    /// <summary>Records kept at most (65,536).</summary>
    public const int RecordCap = 1 << 16;

    private readonly List<FaultRecord> _records = [];
    private long _seen;

    /// <summary>The sampling stride: one record kept per this many faults.</summary>
    public int OneIn { get; private set; } = 1;

    /// <summary>Every fault's latency.</summary>
    public LatencyHistogram Latency { get; } = new();

    /// <summary>Faults logged.</summary>
    public long Count => Latency.Count;

    /// <summary>Faults that sent a request (the first on their page); the others joined one outstanding.</summary>
    public long FirstFaults { get; private set; }

    /// <summary>The records kept, in order of arrival.</summary>
    public IReadOnlyList<FaultRecord> Records => _records;

    /// <summary>Logs one fault.</summary>
    public void Add(FaultRecord f)
    {
        if (Tally(f.LatencyMs, f.Joined)) Keep(f);
    }

    /// <summary>
    /// Logs one fault, building its record only when the sample keeps it (one in <see cref="OneIn"/>):
    /// the record kept, or null. A run with tens of millions of faults keeps a few of them.
    /// </summary>
    public FaultRecord? Add(double timeMs, long page, double latencyMs, bool joined)
    {
        if (!Tally(latencyMs, joined)) return null;
        var f = new FaultRecord(timeMs, page, latencyMs, joined);
        Keep(f);
        return f;
    }

    // Counts the fault; true when the sample keeps its record.
    private bool Tally(double latencyMs, bool joined)
    {
        Latency.Add(latencyMs);
        if (!joined) FirstFaults++;
        return (_seen++ & (OneIn - 1)) == 0; // OneIn is a power of two
    }

    private void Keep(FaultRecord f)
    {
        _records.Add(f);
        if (_records.Count < RecordCap) return;
        int kept = 0;
        for (int i = 0; i < _records.Count; i += 2) _records[kept++] = _records[i];
        _records.RemoveRange(kept, _records.Count - kept);
        OneIn *= 2;
    }
}
