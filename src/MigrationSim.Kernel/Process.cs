namespace MigrationSim.Kernel;

/// <summary>
/// A model activity written as a C# iterator that yields what it waits for (SimPy's and
/// SimSharp's processes): <c>yield return sim.Delay(t)</c>, <c>yield return signal</c>. The
/// simulator resumes it through an ordinary event, so a process costs one event per wait, and
/// nothing while it waits.
/// <para>Lifecycle: started (first step runs at the start time), alive while its iterator has
/// more steps, finished when the iterator ends or <see cref="Stop"/> is called; <see cref="Done"/>
/// is triggered then. A stopped process never runs again.</para>
/// </summary>
public sealed class Process
{
    private readonly Simulator _sim;
    private readonly IEnumerator<Wait> _body;
    private readonly int _priority;
    private EventHandle? _wake;
    private Wait? _waitingFor;
    private bool _running;

    internal Process(Simulator sim, IEnumerable<Wait> body, int priority)
    {
        _sim = sim;
        _body = body.GetEnumerator();
        _priority = priority;
        Done = new Signal(sim);
    }

    /// <summary>Not finished yet: its iterator has more steps and <see cref="Stop"/> was not called.</summary>
    public bool IsAlive { get; private set; } = true;

    /// <summary>Triggered when the process ends, by returning or by <see cref="Stop"/>.</summary>
    public Signal Done { get; }

    /// <summary>Ends the process from outside (another process or event): its pending wake is cancelled.</summary>
    public void Stop()
    {
        if (!IsAlive) return;
        if (_running) throw new InvalidOperationException("a process ends itself with 'yield break', not Stop()");
        _wake?.Cancel();
        _wake = null;
        Finish();
    }

    internal void ResumeAt(SimTime at)
    {
        if (_wake is not null) throw new InvalidOperationException("a process waits for one thing at a time");
        _wake = _sim.ScheduleAt(at, Step, _priority);
    }

    /// <summary>Moves a pending wake-up (for a <see cref="Timer"/>); no effect once the process has resumed.</summary>
    internal void Reschedule(Timer timer, SimTime at)
    {
        if (_wake is null || !ReferenceEquals(_waitingFor, timer)) return;
        _wake.Cancel();
        _wake = _sim.ScheduleAt(at, Step, _priority);
    }

    internal void Step()
    {
        _wake = null;
        if (!IsAlive) return;
        _running = true;
        bool more;
        try { more = _body.MoveNext(); }
        finally { _running = false; }
        if (!more)
        {
            Finish();
            return;
        }
        var wait = _body.Current ?? throw new InvalidOperationException("a process yielded null; yield a Wait (sim.Delay, a Signal)");
        _waitingFor = wait;
        wait.Subscribe(this);
    }

    private void Finish()
    {
        IsAlive = false;
        _body.Dispose();
        Done.Trigger();
    }
}
