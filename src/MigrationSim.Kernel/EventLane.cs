namespace MigrationSim.Kernel;

/// <summary>
/// A queue of payload events of one kind (one callback, one priority) whose times mostly come in
/// order: a postcopy request reaches the source a fixed delay after its fault, so requests are
/// scheduled in time order. An event scheduled no earlier than the lane's last is appended (O(1));
/// one scheduled earlier goes to the simulator's heap. Either way it takes its sequence number when
/// scheduled and fires exactly where <see cref="Simulator.ScheduleAt(SimTime, Action{long}, long, int)"/>
/// would have fired it: the simulator takes the earliest of its heap and its lanes' heads by
/// (time, priority, sequence). Made by <see cref="Simulator.Lane"/>.
/// </summary>
public sealed class EventLane
{
    private readonly Simulator _sim;
    private long[] _times = new long[64];     // ring buffer, in time order
    private long[] _sequences = new long[64];
    private long[] _payloads = new long[64];
    private int _head;
    private bool _closed;

    internal EventLane(Simulator sim, Action<long> action, int priority)
    {
        _sim = sim;
        Action = action;
        Priority = priority;
    }

    /// <summary>What each event of the lane runs, with its payload.</summary>
    public Action<long> Action { get; }

    /// <summary>Lower fires first among events at the same time.</summary>
    public int Priority { get; }

    /// <summary>Events waiting in the lane (those that went to the heap are not counted here).</summary>
    public int Count { get; private set; }

    internal long HeadTime => _times[_head];
    internal long HeadSequence => _sequences[_head];

    /// <summary>Schedules <c>Action(payload)</c> at <paramref name="time"/> (not before <see cref="Simulator.Now"/>).</summary>
    public void ScheduleAt(SimTime time, long payload)
    {
        long sequence = _sim.TakeSequence(time);
        if (_closed || (Count > 0 && time.Nanoseconds < _times[(_head + Count - 1) & (_times.Length - 1)]))
        {
            _sim.EnqueuePayload(time, Priority, sequence, Action, payload);
            return;
        }
        if (Count == _times.Length) Grow();
        int tail = (_head + Count) & (_times.Length - 1);
        _times[tail] = time.Nanoseconds;
        _sequences[tail] = sequence;
        _payloads[tail] = payload;
        Count++;
    }

    /// <summary>
    /// Detaches the lane from the simulator (a finished model's lane costs the others nothing): the
    /// events still in it move to the heap, each keeping its sequence, and later ones go there too.
    /// </summary>
    public void Close()
    {
        while (Count > 0)
        {
            long sequence = _sequences[_head];
            long payload = Dequeue(out long time);
            _sim.EnqueuePayload(new SimTime(time), Priority, sequence, Action, payload);
        }
        _closed = true;
        _sim.Detach(this);
    }

    internal long Dequeue(out long time)
    {
        time = _times[_head];
        long payload = _payloads[_head];
        _head = (_head + 1) & (_times.Length - 1);
        Count--;
        return payload;
    }

    // Doubles the ring (its length stays a power of two), unrolling it to start at 0.
    private void Grow()
    {
        int n = _times.Length;
        _times = Unroll(_times, n);
        _sequences = Unroll(_sequences, n);
        _payloads = Unroll(_payloads, n);
        _head = 0;
    }

    private long[] Unroll(long[] ring, int n)
    {
        var grown = new long[n * 2];
        Array.Copy(ring, _head, grown, 0, n - _head);
        Array.Copy(ring, 0, grown, n - _head, _head);
        return grown;
    }
}
