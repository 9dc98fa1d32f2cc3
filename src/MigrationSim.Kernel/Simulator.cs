namespace MigrationSim.Kernel;

/// <summary>
/// The discrete-event kernel: a clock and a queue of events ordered by
/// (time, priority, sequence). Everything else (what an event means) lives in the models.
/// A run is a pure function of what was scheduled: there is no wall clock and no I/O here.
/// </summary>
public sealed class Simulator
{
    private readonly EventQueue _queue = new();
    private EventLane[] _lanes = [];
    private long _nextSequence;

    /// <summary>The current time: that of the event being fired (or the last one). Never goes backwards.</summary>
    public SimTime Now { get; private set; } = SimTime.Zero;

    /// <summary>Events scheduled and not yet fired or skipped (cancelled ones included until skipped).</summary>
    public int Pending
    {
        get
        {
            int n = _queue.Count;
            foreach (var lane in _lanes) n += lane.Count;
            return n;
        }
    }

    /// <summary>Number of events that have fired.</summary>
    public long Fired { get; private set; }

    /// <summary>
    /// Schedules <paramref name="action"/> at <paramref name="time"/> (not before <see cref="Now"/>).
    /// Equal-time events fire by <paramref name="priority"/> (lower first), then in the order they were scheduled.
    /// </summary>
    public EventHandle ScheduleAt(SimTime time, Action action, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        if (time < Now)
            throw new ArgumentOutOfRangeException(nameof(time), $"cannot schedule at {time}, before now ({Now})");
        var handle = new EventHandle(time, priority, _nextSequence++, action);
        _queue.Enqueue(time.Nanoseconds, priority, handle.Sequence, handle, 0);
        return handle;
    }

    /// <summary>
    /// Schedules <c>action(payload)</c> at <paramref name="time"/> (not before <see cref="Now"/>), ordered
    /// exactly as <see cref="ScheduleAt(SimTime, Action, int)"/> would order it. The event cannot be
    /// cancelled and has no handle: a model that keeps one <paramref name="action"/> per kind of event
    /// schedules without allocating (a postcopy run takes three events per fault, tens of millions of them).
    /// </summary>
    public void ScheduleAt(SimTime time, Action<long> action, long payload, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        EnqueuePayload(time, priority, TakeSequence(time), action, payload);
    }

    /// <summary>
    /// A lane for payload events of one kind whose times mostly come in order: scheduling one there
    /// costs O(1) instead of a heap insertion, and it fires exactly where
    /// <see cref="ScheduleAt(SimTime, Action{long}, long, int)"/> would have fired it.
    /// </summary>
    public EventLane Lane(Action<long> action, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        var lane = new EventLane(this, action, priority);
        _lanes = [.. _lanes, lane];
        return lane;
    }

    /// <summary>A reusable event for <paramref name="action"/> (see <see cref="EventSlot"/>); nothing is scheduled yet.</summary>
    public EventSlot Slot(Action action, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new EventSlot(this, action, priority);
    }

    internal void EnqueueSlot(SimTime time, EventSlot slot, long generation) =>
        _queue.Enqueue(time.Nanoseconds, slot.Priority, TakeSequence(time), slot, generation);

    internal void Detach(EventLane lane) => _lanes = _lanes.Where(l => l != lane).ToArray();

    internal long TakeSequence(SimTime time)
    {
        if (time < Now)
            throw new ArgumentOutOfRangeException(nameof(time), $"cannot schedule at {time}, before now ({Now})");
        return _nextSequence++;
    }

    internal void EnqueuePayload(SimTime time, int priority, long sequence, Action<long> action, long payload) =>
        _queue.Enqueue(time.Nanoseconds, priority, sequence, action, payload);

    /// <summary>Schedules <paramref name="action"/> <paramref name="delay"/> (zero or more) after <see cref="Now"/>.</summary>
    public EventHandle ScheduleIn(SimTime delay, Action action, int priority = 0)
    {
        if (delay < SimTime.Zero)
            throw new ArgumentOutOfRangeException(nameof(delay), $"negative delay {delay}");
        return ScheduleAt(Now + delay, action, priority);
    }

    /// <summary>
    /// Starts a process: its first step runs at the current time, after the events already
    /// queued for now. <paramref name="priority"/> orders its wake-ups among equal-time events.
    /// </summary>
    public Process Start(IEnumerable<Wait> body, int priority = 0)
    {
        ArgumentNullException.ThrowIfNull(body);
        var p = new Process(this, body, priority);
        p.ResumeAt(Now);
        return p;
    }

    /// <summary>A wait of <paramref name="delay"/> from now, for a process to yield.</summary>
    public Wait Delay(SimTime delay)
    {
        if (delay < SimTime.Zero) throw new ArgumentOutOfRangeException(nameof(delay), $"negative delay {delay}");
        return new Timeout(Now + delay);
    }

    /// <summary>A wait until <paramref name="time"/> that can be moved while the process waits (<see cref="Timer.Reschedule"/>).</summary>
    public Timer Timer(SimTime time) => new(this, SimTime.Max(time, Now));

    /// <summary>A wait until <paramref name="time"/> (now, if it has passed), for a process to yield.</summary>
    public Wait Until(SimTime time) => new Timeout(SimTime.Max(time, Now));

    /// <summary>Time of the next live event, or null when none is left.</summary>
    public SimTime? Peek()
    {
        DropCancelledHead();
        long? first = _queue.Count > 0 ? _queue.HeadTime : null;
        foreach (var lane in _lanes)
            if (lane.Count > 0 && (first is null || lane.HeadTime < first)) first = lane.HeadTime;
        return first is { } t ? new SimTime(t) : null;
    }

    /// <summary>Fires the next live event. Returns false when the queue is empty.</summary>
    public bool Step()
    {
        DropCancelledHead();
        var lane = EarliestLane();
        if (lane is not null)
        {
            long p = lane.Dequeue(out long at);
            Now = new SimTime(at);
            Fired++;
            lane.Action(p);
            return true;
        }
        if (_queue.Count == 0)
            return false;
        object target = _queue.Dequeue(out long time, out long payload);
        Now = new SimTime(time);
        Fired++;
        if (target is EventHandle handle)
        {
            handle.HasFired = true;
            handle.Action();
        }
        else if (target is EventSlot slot)
        {
            if (slot.Fires(payload)) slot.Action();
        }
        else ((Action<long>)target)(payload);
        return true;
    }

    /// <summary>Runs until the queue is empty or <paramref name="stop"/> returns true after an event.</summary>
    public void Run(Func<bool>? stop = null)
    {
        while (Step())
            if (stop?.Invoke() == true)
                return;
    }

    /// <summary>
    /// Fires every event with time &lt;= <paramref name="until"/>, then sets the clock to
    /// <paramref name="until"/>. Events after it stay queued.
    /// </summary>
    public void RunUntil(SimTime until)
    {
        if (until < Now)
            throw new ArgumentOutOfRangeException(nameof(until), $"{until} is before now ({Now})");
        while (Peek() is { } t && t <= until)
            Step();
        Now = until;
    }

    // The lane whose head fires before the heap's head and every other lane's, or null.
    private EventLane? EarliestLane()
    {
        EventLane? best = null;
        bool heap = _queue.Count > 0;
        long time = heap ? _queue.HeadTime : 0, sequence = heap ? _queue.HeadSequence : 0;
        int priority = heap ? _queue.HeadPriority : 0;
        foreach (var lane in _lanes)
        {
            if (lane.Count == 0) continue;
            if (best is not null || heap)
            {
                long t = lane.HeadTime;
                if (t > time) continue;
                if (t == time && (lane.Priority > priority || (lane.Priority == priority && lane.HeadSequence > sequence))) continue;
            }
            best = lane;
            time = lane.HeadTime;
            priority = lane.Priority;
            sequence = lane.HeadSequence;
        }
        return best;
    }

    private void DropCancelledHead()
    {
        while (_queue.Count > 0 && (_queue.HeadTarget is EventHandle { IsCancelled: true }
                                    || (_queue.HeadTarget is EventSlot slot && slot.IsStale(_queue.HeadPayload))))
            _queue.Dequeue(out _, out _);
    }
}
