using MigrationSim.Kernel;
using MigrationSim.Model.Guests;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Fleets;

/// <summary>
/// A fleet while it runs: one simulator, one shared network, every requested migration and
/// where each guest is. Requests become ready at their time once the migrations they wait for
/// have ended; the orchestrator starts them (<see cref="Start"/>) and watches them. A guest is
/// created only when its migration starts and dropped when it ends, so memory follows the
/// migrations running at once, not the fleet's size.
/// </summary>
public sealed class FleetRun
{
    private readonly Dictionary<string, string> _location = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FleetMigration> _migrating = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _runningFrom = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _runningTo = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SharedLink Up, SharedLink Down)> _hostLinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (SharedLink Up, SharedLink Down)> _rackLinks = new(StringComparer.Ordinal);
    private readonly Dictionary<string, FleetHost> _hosts = new(StringComparer.Ordinal);
    private readonly List<FleetMigration> _migrations;
    private readonly List<int>[] _dependents;
    private readonly int[] _waitingFor;
    private readonly Orchestrator _orchestrator;
    private readonly Action<FleetProgress>? _progress;
    private SharedLink? _shared;
    private int _ended;

    internal FleetRun(FleetSpec spec, Action<FleetProgress>? progress)
    {
        Spec = spec;
        _progress = progress;
        Simulator = new Simulator();
        Network = new SharedNetwork(Simulator);
        foreach (var h in spec.Hosts) _hosts[h.Name] = h;
        BuildNetwork();
        var guests = spec.Guests.ToDictionary(g => g.Name, StringComparer.Ordinal);
        foreach (var g in spec.Guests) _location[g.Name] = g.Host;
        _migrations = spec.Requests.Select(r => new FleetMigration(r, guests.TryGetValue(r.Guest, out var g)
            ? g : throw new ArgumentException($"request {r.Index} moves guest '{r.Guest}', which the fleet does not have"))).ToList();
        _dependents = _migrations.Select(_ => new List<int>()).ToArray();
        _waitingFor = new int[_migrations.Count];
        foreach (var m in _migrations)
        {
            foreach (int a in m.Request.After.Distinct())
            {
                if (a < 0 || a >= _migrations.Count || a == m.Request.Index)
                    throw new ArgumentException($"request {m.Request.Index} waits for request {a}, which does not exist or is itself");
                _dependents[a].Add(m.Request.Index);
                _waitingFor[m.Request.Index]++;
            }
        }
        _orchestrator = spec.Orchestrator.Create();
        _orchestrator.Attach(this);
    }

    /// <summary>The fleet being run.</summary>
    public FleetSpec Spec { get; }

    /// <summary>A migration has just started (its process runs; subscribe to its events here).</summary>
    public event Action<FleetMigration>? MigrationStarted;

    /// <summary>The one clock every migration, monitor and link runs on.</summary>
    public Simulator Simulator { get; }

    /// <summary>The fabric's links, shared max-min fairly by the migration streams.</summary>
    public SharedNetwork Network { get; }

    /// <summary>Every requested migration, in request order.</summary>
    public IReadOnlyList<FleetMigration> Migrations => _migrations;

    /// <summary>The migrations QEMU runs now.</summary>
    public IEnumerable<FleetMigration> Running => _migrations.Where(m => m.IsRunning);

    /// <summary>How many migrations run now.</summary>
    public int RunningCount { get; private set; }

    /// <summary>Migrations running out of <paramref name="host"/>.</summary>
    public int RunningFrom(string host) => _runningFrom.GetValueOrDefault(host);

    /// <summary>Migrations running into <paramref name="host"/>.</summary>
    public int RunningTo(string host) => _runningTo.GetValueOrDefault(host);

    /// <summary>Where <paramref name="guest"/> runs now (its source while it migrates).</summary>
    public string LocationOf(string guest) => _location[guest];

    internal void Execute()
    {
        foreach (var m in _migrations)
            if (_waitingFor[m.Request.Index] == 0) ScheduleReady(m);
        Simulator.Run();
        Network.Settle();
    }

    private void ScheduleReady(FleetMigration m)
    {
        SimTime at = SimTime.Max(m.Request.NotBefore, Simulator.Now);
        Simulator.ScheduleAt(at, () => BecomeReady(m));
    }

    private void BecomeReady(FleetMigration m)
    {
        string at = _location[m.Guest.Name];
        if (_migrating.TryGetValue(m.Guest.Name, out var other))
        {
            NeverStarts(m, $"guest {m.Guest.Name} is still migrating ({other.From} to {other.To})");
            return;
        }
        if (at != m.From)
        {
            NeverStarts(m, $"guest {m.Guest.Name} is on {at}, not {m.From} (an earlier migration of it did not complete)");
            return;
        }
        m.State = FleetMigrationState.Ready;
        m.ReadyAt = Simulator.Now;
        _orchestrator.OnReady(m);
    }

    /// <summary>Issues QEMU's migrate for <paramref name="m"/> now, with the orchestrator's settings on top of the guest's own.</summary>
    public void Start(FleetMigration m)
    {
        ArgumentNullException.ThrowIfNull(m);
        if (m.State != FleetMigrationState.Ready) throw new InvalidOperationException($"migration of {m.Guest.Name} is {m.State}, not ready");
        SimTime now = Simulator.Now;
        var g = m.Guest;
        var settings = _orchestrator.Configure(m, g.Settings with { Name = g.Name, Seed = g.Seed, Timeline = new TimelineOptions { EveryPoll = true } });
        var streams = new RandomStreams(g.Seed);
        var guest = Guest.Create(g.Name, g.Guest, g.Workload, settings.Host, streams);
        if (now > SimTime.Zero) guest.RunningSince(now);
        var path = OpenPath(m, settings.Host);
        var process = MigrationProcess.Start(Simulator, guest, path, settings, streams);
        if (path is SharedPath shared) shared.Attach(process);
        m.Process = process;
        m.State = FleetMigrationState.Running;
        m.StartedAt = now;
        _migrating[g.Name] = m;
        _runningFrom[m.From] = RunningFrom(m.From) + 1;
        _runningTo[m.To] = RunningTo(m.To) + 1;
        RunningCount++;
        process.Stopped += s =>
        {
            m.StoppedAt = s.Time;
            m.StopAction = s.Action;
        };
        process.ResumedOnDestination += t => m.ResumedAt = t;
        process.Finished += r => Ended(m, r.Summary);
        _orchestrator.OnStarted(m);
        MigrationStarted?.Invoke(m);
    }

    private NetworkPath OpenPath(FleetMigration m, HostProfile host)
    {
        double speedup = host.MultifdSpeedup(m.Guest.Settings.Parameters); // multifd: more cores send (the links cap it)
        double running = host.EffectiveBandwidthBytesPerSecond * speedup ?? double.PositiveInfinity;
        double stopped = host.StoppedBandwidthBytesPerSecond * speedup ?? running;
        var latency = Spec.Network.Latency;
        if (m.Guest.Settings.Type == MigrationType.Offline)
            return new DedicatedPath(new Link(_hosts[m.From].UplinkBytesPerSecond * Spec.Network.PayloadFraction, latency));
        return Network.Open($"{m.Guest.Name} {m.From}->{m.To}", LinksBetween(m.From, m.To), latency, running, stopped);
    }

    private List<SharedLink> LinksBetween(string from, string to)
    {
        if (_shared is not null) return [_shared];
        var links = new List<SharedLink> { _hostLinks[from].Up };
        string? rackFrom = _hosts[from].Rack, rackTo = _hosts[to].Rack;
        if (rackFrom != rackTo)
        {
            if (rackFrom is not null) links.Add(_rackLinks[rackFrom].Up);
            if (rackTo is not null) links.Add(_rackLinks[rackTo].Down);
        }
        links.Add(_hostLinks[to].Down);
        return links;
    }

    private void BuildNetwork()
    {
        // Links carry migration streams: what headers leave of their rate.
        double payload = Spec.Network.PayloadFraction;
        if (Spec.Network.Topology == FleetTopology.SharedLink)
        {
            _shared = Network.AddLink("shared", Spec.Network.SharedLinkBytesPerSecond * payload);
            return;
        }
        foreach (var h in Spec.Hosts)
            _hostLinks[h.Name] = (Network.AddLink($"{h.Name} up", h.UplinkBytesPerSecond * payload), Network.AddLink($"{h.Name} down", h.DownlinkBytesPerSecond * payload));
        foreach (var r in Spec.Network.Racks)
            _rackLinks[r.Name] = (Network.AddLink($"rack {r.Name} up", r.UplinkBytesPerSecond * payload), Network.AddLink($"rack {r.Name} down", r.DownlinkBytesPerSecond * payload));
    }

    private void Ended(FleetMigration m, Results.MigrationSummary summary)
    {
        SimTime now = Simulator.Now;
        m.Summary = summary;
        m.EndedAt = now;
        m.State = FleetMigrationState.Ended;
        _migrating.Remove(m.Guest.Name);
        _runningFrom[m.From]--;
        _runningTo[m.To]--;
        RunningCount--;
        // Completed, or stopped by max-time after the postcopy switch: the guest runs on the destination.
        if (summary.Status == Results.MigrationStatus.Completed || m.StopAction == MigrationAction.StartPostcopy && m.ResumedAt is not null)
            _location[m.Guest.Name] = m.To;
        // The process keeps the guest's memory; only the summary stays.
        m.Process = null;
        Finish(m);
    }

    private void NeverStarts(FleetMigration m, string reason)
    {
        m.State = FleetMigrationState.Ended;
        m.Reason = reason;
        m.ReadyAt ??= Simulator.Now;
        m.EndedAt = Simulator.Now;
        Finish(m);
    }

    private void Finish(FleetMigration m)
    {
        _ended++;
        _orchestrator.OnEnded(m);
        _progress?.Invoke(new FleetProgress(_ended, _migrations.Count, Simulator.Now));
        foreach (int d in _dependents[m.Request.Index])
            if (--_waitingFor[d] == 0) ScheduleReady(_migrations[d]);
    }
}
