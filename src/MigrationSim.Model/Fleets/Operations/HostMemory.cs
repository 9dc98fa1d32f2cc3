namespace MigrationSim.Model.Fleets.Operations;

/// <summary>
/// Memory committed on each host as an operation plans its moves. A guest on the move holds
/// memory on both hosts until it has gone, so a destination is charged at once and the source
/// is freed only for later plans that rely on it being empty.
/// </summary>
public sealed class HostMemory
{
    private readonly Dictionary<string, FleetHost> _hosts;
    private readonly Dictionary<string, long> _used = new(StringComparer.Ordinal);

    /// <summary>Starts from the guests' placement on <paramref name="hosts"/>.</summary>
    public HostMemory(IReadOnlyList<FleetHost> hosts, IEnumerable<FleetGuest> guests)
    {
        Hosts = hosts;
        _hosts = hosts.ToDictionary(h => h.Name, StringComparer.Ordinal);
        foreach (var h in hosts) _used[h.Name] = 0;
        foreach (var g in guests) _used[g.Host] += g.Guest.MemoryBytes;
    }

    /// <summary>The hosts, in the fleet's order.</summary>
    public IReadOnlyList<FleetHost> Hosts { get; }

    /// <summary>Guest memory placed on the host, bytes.</summary>
    public long Used(string host) => _used[host];

    /// <summary>Memory the host has left, bytes.</summary>
    public long Free(string host) => _hosts[host].MemoryBytes - _used[host];

    /// <summary>Used over capacity, 0-1.</summary>
    public double Utilisation(string host) => _hosts[host].MemoryBytes == 0 ? 1 : _used[host] / (double)_hosts[host].MemoryBytes;

    /// <summary>Used over capacity were <paramref name="extraBytes"/> more placed there.</summary>
    public double UtilisationWith(string host, long extraBytes) => _hosts[host].MemoryBytes == 0 ? double.PositiveInfinity : (_used[host] + extraBytes) / (double)_hosts[host].MemoryBytes;

    /// <summary>The host has <paramref name="bytes"/> free.</summary>
    public bool Fits(string host, long bytes) => Free(host) >= bytes;

    /// <summary>Places <paramref name="bytes"/> of guest memory on the host.</summary>
    public void Add(string host, long bytes) => _used[host] += bytes;

    /// <summary>Takes <paramref name="bytes"/> of guest memory off the host.</summary>
    public void Remove(string host, long bytes) => _used[host] -= bytes;

    /// <summary>Where <paramref name="guest"/> goes by <paramref name="rule"/> among <paramref name="candidates"/> (in preference order for first-fit); null when none has room.</summary>
    public string? Choose(FleetGuest guest, IReadOnlyList<string> candidates, PlacementRule rule)
    {
        long size = guest.Guest.MemoryBytes;
        var fitting = candidates.Where(h => h != guest.Host && Fits(h, size));
        return rule == PlacementRule.LeastLoaded
            ? fitting.OrderBy(h => UtilisationWith(h, size)).FirstOrDefault() // stable: ties keep the candidates' order
            : fitting.FirstOrDefault();
    }

    /// <summary>"node-03 has 12.0 GiB free" for the host with most room among <paramref name="candidates"/>.</summary>
    public string MostFree(IEnumerable<string> candidates)
    {
        var best = candidates.OrderByDescending(Free).FirstOrDefault();
        return best is null ? "there is no candidate host" : $"the most free is {best} with {Free(best) / (double)(1L << 30):0.0} GiB";
    }
}
