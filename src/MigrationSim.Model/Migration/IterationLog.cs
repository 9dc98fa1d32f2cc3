using MigrationSim.Kernel;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Migration;

/// <summary>The iterations of one migration: each runs from a dirty bitmap sync to the next.</summary>
internal sealed class IterationLog(SimTime origin)
{
    private readonly List<IterationRecord> _closed = [];
    private bool _open;
    private int _number;
    private SimTime _start;
    private long _startBytes;
    private long _dirtyAtSync;
    private long _newlyDirty;
    private double _rate;
    private long _threshold;

    public IReadOnlyList<IterationRecord> Closed => _closed;

    /// <summary>Number of the open iteration (equal to dirty-sync-count while it runs).</summary>
    public int Current => _number;

    public SimTime CurrentStart => _start;

    public long CurrentStartBytes => _startBytes;

    public void Open(int number, SimTime now, long transferred, long dirtyAtSync, long newlyDirty, double rate, long threshold)
    {
        _open = true;
        _number = number;
        _start = now;
        _startBytes = transferred;
        _dirtyAtSync = dirtyAtSync;
        _newlyDirty = newlyDirty;
        _rate = rate;
        _threshold = threshold;
    }

    public IterationRecord? Close(SimTime now, long transferred, int throttlePercent)
    {
        if (!_open) return null;
        _open = false;
        var r = new IterationRecord
        {
            Iteration = _number,
            StartMs = (_start - origin).Milliseconds,
            EndMs = (now - origin).Milliseconds,
            DirtyPagesAtSync = _dirtyAtSync,
            NewlyDirtyPages = _newlyDirty,
            BytesSent = transferred - _startBytes,
            DirtyRatePagesPerSecond = _rate,
            ThresholdBytes = _threshold,
            ThrottlePercent = throttlePercent,
        };
        _closed.Add(r);
        return r;
    }
}
