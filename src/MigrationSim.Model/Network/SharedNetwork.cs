using MigrationSim.Kernel;

namespace MigrationSim.Model.Network;

/// <summary>
/// Links shared by many migration streams on one simulator, in the flow-level model SimGrid
/// uses: each stream is a flow over its links (<see cref="SharedPath"/>), and the active flows
/// share each link max-min fairly (<see cref="MaxMinFairShare"/>), each also held to its own
/// cap. The shares are re-made, for the flows connected to the change, whenever a flow starts,
/// ends, goes idle or active, or changes its cap; every migration whose share moved is told
/// (<see cref="NetworkPath.RateChanged"/>) and re-times the data it has in flight.
/// </summary>
public sealed class SharedNetwork(Simulator simulator)
{
    private readonly List<SharedLink> _links = [];
    private int _nextPath;
    private bool _resharing;
    private readonly HashSet<SharedPath> _dirty = [];

    /// <summary>The clock the links account on.</summary>
    public Simulator Simulator { get; } = simulator ?? throw new ArgumentNullException(nameof(simulator));

    /// <summary>Every link added, in order.</summary>
    public IReadOnlyList<SharedLink> Links => _links;

    /// <summary>Re-shares so far (a measure of the network's cost).</summary>
    public long Reshares { get; private set; }

    /// <summary>Adds a link of <paramref name="capacityBytesPerSecond"/> bytes/s named <paramref name="name"/>.</summary>
    public SharedLink AddLink(string name, double capacityBytesPerSecond)
    {
        var link = new SharedLink(_links.Count, name, capacityBytesPerSecond);
        _links.Add(link);
        return link;
    }

    /// <summary>
    /// Opens a stream over <paramref name="links"/> (active at once, with its share computed, so a
    /// migration started on it reads its rate); <see cref="SharedPath.Attach"/> it to the migration.
    /// </summary>
    /// <param name="runningCapBytesPerSecond">The source's send speed while the guest runs; +infinity: the links alone limit it.</param>
    /// <param name="stoppedCapBytesPerSecond">The send speed once the guest has stopped.</param>
    /// <param name="latency">One-way latency of the path.</param>
    /// <param name="links">The links it crosses, each once.</param>
    /// <param name="name">The stream's name ("guest source->destination").</param>
    public SharedPath Open(string name, IReadOnlyList<SharedLink> links, SimTime latency, double runningCapBytesPerSecond = double.PositiveInfinity,
        double stoppedCapBytesPerSecond = double.PositiveInfinity)
    {
        ArgumentNullException.ThrowIfNull(links);
        if (links.Count == 0) throw new ArgumentException($"stream {name} crosses no link", nameof(links));
        if (links.Distinct().Count() != links.Count) throw new ArgumentException($"stream {name} crosses a link twice", nameof(links));
        foreach (var l in links)
            if (l.Index >= _links.Count || !ReferenceEquals(_links[l.Index], l)) throw new ArgumentException($"link {l.Name} belongs to another network", nameof(links));
        if (!(runningCapBytesPerSecond > 0) || !(stoppedCapBytesPerSecond > 0)) throw new ArgumentOutOfRangeException(nameof(runningCapBytesPerSecond), "caps must be > 0");
        var path = new SharedPath(this, _nextPath++, name, links.ToArray(), latency, runningCapBytesPerSecond, stoppedCapBytesPerSecond);
        foreach (var l in links) l.Active.Add(path);
        Reshare(path);
        return path;
    }

    internal void SetActive(SharedPath path, bool active)
    {
        if (path.IsActive == active) return;
        path.IsActive = active;
        if (active)
        {
            foreach (var l in path.Links) l.Active.Add(path);
            Reshare(path);
        }
        else
        {
            foreach (var l in path.Links) l.Active.Remove(path);
            foreach (var l in path.Links)
                foreach (var other in l.Active) _dirty.Add(other);
            foreach (var l in path.Links) l.SetLoad(Simulator.Now, l.Active.Sum(p => p.Rate));
            Flush();
        }
    }

    /// <summary>Re-shares the flows connected to <paramref name="changed"/>.</summary>
    internal void Reshare(SharedPath changed)
    {
        _dirty.Add(changed);
        Flush();
    }

    private void Flush()
    {
        // A migration told of its new rate may end or idle at once; that re-share waits for this one.
        if (_resharing) return;
        _resharing = true;
        try
        {
            while (_dirty.Count > 0)
            {
                var component = Component(_dirty);
                _dirty.Clear();
                if (component.Flows.Count == 0) continue;
                Allocate(component);
            }
        }
        finally { _resharing = false; }
    }

    /// <summary>Every active flow and link connected (through shared links) to the given flows.</summary>
    private (List<SharedPath> Flows, List<SharedLink> Links) Component(IEnumerable<SharedPath> seeds)
    {
        var flows = new List<SharedPath>();
        var links = new List<SharedLink>();
        var seenFlows = new HashSet<SharedPath>();
        var seenLinks = new HashSet<SharedLink>();
        var queue = new Queue<SharedLink>();
        foreach (var s in seeds)
            foreach (var l in s.Links)
                if (seenLinks.Add(l)) queue.Enqueue(l);
        while (queue.Count > 0)
        {
            var link = queue.Dequeue();
            links.Add(link);
            foreach (var f in link.Active)
            {
                if (!seenFlows.Add(f)) continue;
                flows.Add(f);
                foreach (var l in f.Links)
                    if (seenLinks.Add(l)) queue.Enqueue(l);
            }
        }
        // Deterministic order whatever the hash sets did: flows by opening order, links by index.
        flows.Sort((a, b) => a.Id.CompareTo(b.Id));
        links.Sort((a, b) => a.Index.CompareTo(b.Index));
        return (flows, links);
    }

    private void Allocate((List<SharedPath> Flows, List<SharedLink> Links) component)
    {
        Reshares++;
        var (flows, links) = component;
        var local = new Dictionary<SharedLink, int>(links.Count);
        for (int i = 0; i < links.Count; i++) local[links[i]] = i;
        var capacities = links.Select(l => l.CapacityBytesPerSecond).ToArray();
        var flowLinks = flows.Select(f => f.Links.Select(l => local[l]).ToArray()).ToArray();
        var caps = flows.Select(f => f.Cap).ToArray();
        var rates = MaxMinFairShare.Allocate(capacities, flowLinks, caps);

        var now = Simulator.Now;
        for (int i = 0; i < flows.Count; i++) flows[i].Rate = rates[i];
        foreach (var l in links) l.SetLoad(now, l.Active.Sum(p => p.Rate));
        foreach (var f in flows)
        {
            if (SameRate(f.Rate, f.ReportedRate)) continue;
            f.ReportedRate = f.Rate;
            f.Notify();
        }
    }

    private static bool SameRate(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    /// <summary>Brings every link's carried bytes up to now (before reading them at the end of a run).</summary>
    public void Settle()
    {
        foreach (var l in _links) l.Integrate(Simulator.Now);
    }
}
