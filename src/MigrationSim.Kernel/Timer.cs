namespace MigrationSim.Kernel;

/// <summary>
/// A wait until a time that can still move while the process waits: a transfer whose end
/// depends on a rate that others change (a shared link re-shared when a flow starts or ends).
/// <see cref="Reschedule"/> moves the wake-up; the waiting process resumes once, at the last time set.
/// </summary>
public sealed class Timer : Wait
{
    private readonly Simulator _sim;
    private Process? _waiter;

    internal Timer(Simulator sim, SimTime at)
    {
        _sim = sim;
        At = at;
    }

    /// <summary>When the waiting process wakes, as last set.</summary>
    public SimTime At { get; private set; }

    /// <summary>Moves the wake-up to <paramref name="at"/> (not before now).</summary>
    public void Reschedule(SimTime at)
    {
        if (at < _sim.Now) throw new ArgumentOutOfRangeException(nameof(at), $"cannot wake at {at}, before now ({_sim.Now})");
        At = at;
        if (_waiter is { IsAlive: true } p) p.Reschedule(this, at);
    }

    internal override void Subscribe(Process process)
    {
        _waiter = process;
        process.ResumeAt(At);
    }
}
