using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Network;

/// <summary>
/// One migration's stream through a <see cref="SharedNetwork"/>: a flow over its links, whose
/// rate is its max-min share, re-shared whenever a flow starts, ends, idles or changes its cap.
/// <para>
/// What the flow demands follows QEMU's migration thread. While it sends it writes to the socket
/// as fast as the socket drains, so an active flow wants all it can get (up to the source's own
/// send speed, <see cref="RunningCapBytesPerSecond"/>). When its 100 ms window's budget of
/// max-bandwidth/10 is spent the thread sleeps to the window's end and the flow is idle: it
/// leaves its share to the others (<see cref="SenderIdleUntil"/>). max-bandwidth is thus a
/// volume per window, as in QEMU, not a rate ceiling: a capped migration bursts at its share
/// and then idles, and what it leaves is used. While setting up it sends nothing; once the guest
/// stops, the final transfer runs at the stopped send speed (<see cref="StoppedCapBytesPerSecond"/>).
/// </para>
/// </summary>
public sealed class SharedPath : NetworkPath
{
    private readonly SharedNetwork _network;
    private readonly SimTime _latency;
    private MigrationProcess? _migration;
    private EventHandle? _wake;

    internal SharedPath(SharedNetwork network, int id, string name, SharedLink[] links, SimTime latency, double runningCap, double stoppedCap)
    {
        _network = network;
        Id = id;
        Name = name;
        Links = links;
        _latency = latency;
        RunningCapBytesPerSecond = runningCap;
        StoppedCapBytesPerSecond = stoppedCap;
        Cap = runningCap;
    }

    internal int Id { get; }

    /// <summary>"guest source->destination".</summary>
    public string Name { get; }

    /// <summary>The links the stream crosses, in order.</summary>
    public IReadOnlyList<SharedLink> Links { get; }

    /// <summary>The source's own send speed while the guest runs (the migration thread's CPU), bytes/s; +infinity: only the links limit it.</summary>
    public double RunningCapBytesPerSecond { get; }

    /// <summary>The send speed once the guest is stopped, bytes/s.</summary>
    public double StoppedCapBytesPerSecond { get; }

    /// <summary>The cap that applies now.</summary>
    public double Cap { get; private set; }

    /// <summary>The flow competes for its links now (false while it sets up, sleeps out a window, or has ended).</summary>
    public bool IsActive { get; internal set; } = true;

    /// <summary>The stream has ended and left its links.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>Its share while active; while idle, the share it last had.</summary>
    public override double RateBytesPerSecond => Rate;

    /// <summary>Once the guest has stopped, the share at the stopped cap; before, the share it has now.</summary>
    public override double StoppedRateBytesPerSecond => Rate;

    /// <inheritdoc/>
    public override SimTime Latency => _latency;

    internal double Rate { get; set; }

    /// <summary>The rate the migration last read (a re-share that leaves it unchanged tells it nothing).</summary>
    internal double ReportedRate { get; set; } = double.NaN;

    internal void Notify() => OnRateChanged();

    /// <summary>
    /// Follows <paramref name="migration"/>: idle through its setup, stopped cap from the moment
    /// the guest stops to complete, closed when it ends. Call right after starting it.
    /// </summary>
    public void Attach(MigrationProcess migration)
    {
        ArgumentNullException.ThrowIfNull(migration);
        if (_migration is not null) throw new InvalidOperationException($"path {Name} already carries a migration");
        _migration = migration;
        migration.Stopped += OnStopped;
        migration.Finished += _ => Close();
        SimTime setupEnd = migration.StartedAt + migration.Settings.Host.SetupTime;
        if (migration.Settings.Type == MigrationType.Offline) Close();
        else if (setupEnd > migration.Simulator.Now) SenderIdleUntil(setupEnd);
    }

    /// <summary>QEMU's thread sleeps (its window's budget is spent) until <paramref name="until"/>: the flow leaves its share meanwhile.</summary>
    public override void SenderIdleUntil(SimTime until)
    {
        var sim = _network.Simulator;
        if (IsClosed || until <= sim.Now) return;
        _wake?.Cancel();
        if (IsActive) _network.SetActive(this, false);
        // Before the thread's own wake-up at that instant, so that it finds its share re-made.
        _wake = sim.ScheduleAt(until, () =>
        {
            _wake = null;
            if (!IsClosed) _network.SetActive(this, true);
        }, priority: -1);
    }

    private void OnStopped(StopInfo stop)
    {
        if (stop.Action != MigrationAction.Complete || IsClosed) return;
        // The final transfer runs with the vCPU stopped: another cap, and the migration must read
        // the stopped rate now even if the share did not move.
        _wake?.Cancel();
        _wake = null;
        ReportedRate = double.NaN;
        Cap = StoppedCapBytesPerSecond;
        _network.Reshare(this);
        if (!IsActive) _network.SetActive(this, true);
    }

    /// <summary>The stream has ended: its share goes to the others.</summary>
    public void Close()
    {
        if (IsClosed) return;
        _wake?.Cancel();
        _wake = null;
        if (_migration is not null) _migration.Stopped -= OnStopped;
        if (IsActive) _network.SetActive(this, false);
        IsClosed = true;
    }
}
