namespace MigrationSim.Kernel;

/// <summary>
/// A one-shot event that processes can wait for. <see cref="Trigger"/> resumes every waiting
/// process at the current time, in the order they started waiting; a process that waits for a
/// signal already triggered resumes at once (at the current time, after the events already
/// queued for it).
/// </summary>
public sealed class Signal(Simulator simulator) : Wait
{
    private List<Process>? _waiting = [];

    /// <summary>It has been triggered (it stays so).</summary>
    public bool IsTriggered => _waiting is null;

    /// <summary>Time it was triggered; null while it has not been.</summary>
    public SimTime? TriggeredAt { get; private set; }

    /// <summary>Triggers the signal now; a signal triggers once (a second call throws).</summary>
    public void Trigger()
    {
        if (_waiting is null) throw new InvalidOperationException("a signal triggers once");
        var waiting = _waiting;
        _waiting = null;
        TriggeredAt = simulator.Now;
        foreach (var p in waiting)
            if (p.IsAlive) p.ResumeAt(simulator.Now);
    }

    internal override void Subscribe(Process process)
    {
        if (_waiting is null) process.ResumeAt(simulator.Now);
        else _waiting.Add(process);
    }
}
