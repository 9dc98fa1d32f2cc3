namespace MigrationSim.Kernel;

/// <summary>
/// The simulator's pending events: a 4-ary min-heap of <see cref="QueuedEvent"/> keys ordered by
/// (time, priority, sequence) and compared in place, with each event's target (an
/// <see cref="EventHandle"/> or an <see cref="Action{T}"/> of long) and payload in slots beside it.
/// <see cref="PriorityQueue{TElement, TPriority}"/> with a tuple key compared through
/// <see cref="Comparer{T}.Default"/> took an eighth of a postcopy run with tens of millions of faults.
/// The sequence is unique, so events leave in the same order whatever the heap's shape.
/// </summary>
internal sealed class EventQueue
{
    private const int Arity = 4; // children per node: a shallower heap, siblings in one or two cache lines

    private QueuedEvent[] _heap = new QueuedEvent[64];
    private object?[] _targets = new object?[64];
    private long[] _payloads = new long[64];
    private int[] _freeSlots = new int[64];
    private int _freeCount;
    private int _slotsUsed; // slots ever handed out; those below it and not free are taken

    /// <summary>Events queued.</summary>
    public int Count { get; private set; }

    /// <summary>Adds an event firing <paramref name="target"/> (with <paramref name="payload"/>) at the given key.</summary>
    public void Enqueue(long time, int priority, long sequence, object target, long payload)
    {
        int slot = TakeSlot();
        _targets[slot] = target;
        _payloads[slot] = payload;
        if (Count == _heap.Length) Array.Resize(ref _heap, _heap.Length * 2);
        var e = new QueuedEvent { Time = time, Priority = priority, Sequence = sequence, Slot = slot };
        var heap = _heap;
        int i = Count++;
        while (i > 0)
        {
            int parent = (i - 1) / Arity;
            if (!Before(e, heap[parent])) break;
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = e;
    }

    /// <summary>Time (ns) of the first event (the queue must not be empty).</summary>
    public long HeadTime => _heap[0].Time;

    /// <summary>Priority of the first event (the queue must not be empty).</summary>
    public int HeadPriority => _heap[0].Priority;

    /// <summary>Sequence of the first event (the queue must not be empty).</summary>
    public long HeadSequence => _heap[0].Sequence;

    /// <summary>Target of the first event (the queue must not be empty).</summary>
    public object HeadTarget => _targets[_heap[0].Slot]!;

    /// <summary>Payload of the first event (the queue must not be empty).</summary>
    public long HeadPayload => _payloads[_heap[0].Slot];

    /// <summary>Removes the first event (the queue must not be empty) and returns its time (ns), target and payload.</summary>
    public object Dequeue(out long time, out long payload)
    {
        var heap = _heap;
        int slot = heap[0].Slot;
        time = heap[0].Time;
        int n = --Count;
        if (n > 0)
        {
            var last = heap[n];
            int i = 0;
            while (true)
            {
                int child = i * Arity + 1;
                if (child >= n) break;
                int best = child, end = Math.Min(child + Arity, n);
                for (int c = child + 1; c < end; c++)
                    if (Before(heap[c], heap[best])) best = c;
                if (!Before(heap[best], last)) break;
                heap[i] = heap[best];
                i = best;
            }
            heap[i] = last;
        }
        object target = _targets[slot]!;
        payload = _payloads[slot];
        _targets[slot] = null; // the fired event can be collected
        _freeSlots[_freeCount++] = slot;
        return target;
    }

    private int TakeSlot()
    {
        if (_freeCount > 0) return _freeSlots[--_freeCount];
        if (_slotsUsed == _targets.Length)
        {
            Array.Resize(ref _targets, _targets.Length * 2);
            Array.Resize(ref _payloads, _payloads.Length * 2);
            Array.Resize(ref _freeSlots, _freeSlots.Length * 2);
        }
        return _slotsUsed++;
    }

    private static bool Before(in QueuedEvent a, in QueuedEvent b) =>
        a.Time != b.Time ? a.Time < b.Time
        : a.Priority != b.Priority ? a.Priority < b.Priority
        : a.Sequence < b.Sequence;
}
