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
    public const int RecordCap = 1 << 16;

    private readonly List<FaultRecord> _records = [];
    private long _seen;

    public int OneIn { get; private set; } = 1;

    public LatencyHistogram Latency { get; } = new();

    public long Count => Latency.Count;

    public IReadOnlyList<FaultRecord> Records => _records;

    public void Add(FaultRecord f)
    {
        Latency.Add(f.LatencyMs);
        if (_seen++ % OneIn != 0) return;
        _records.Add(f);
        if (_records.Count < RecordCap) return;
        int kept = 0;
        for (int i = 0; i < _records.Count; i += 2) _records[kept++] = _records[i];
        _records.RemoveRange(kept, _records.Count - kept);
        OneIn *= 2;
    }
}
