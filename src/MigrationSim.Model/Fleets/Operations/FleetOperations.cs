namespace MigrationSim.Model.Fleets.Operations;

/// <summary>
/// The operations a capacity planner asks for, turned into moves: evacuate hosts (maintenance),
/// consolidate (empty the least loaded hosts onto the rest, to power them off), rebalance (move
/// guests off hosts above a memory threshold). Destinations are planned up front, memory first:
/// a destination must hold the guest's memory while it still runs on its source.
/// </summary>
public static class FleetOperations
{
    /// <param name="evacuate">Hosts to empty.</param>
    /// <param name="destinations">Hosts that may receive guests (null: every host not evacuated), in preference order.</param>
    /// <param name="given">A guest's own destination (for <see cref="PlacementRule.Given"/>).</param>
    /// <param name="guests">Every guest, on its starting host.</param>
    /// <param name="hosts">Every host of the fleet.</param>
    /// <param name="order">Order of the requests.</param>
    /// <param name="rule">How a destination is chosen.</param>
    public static IReadOnlyList<PlannedMove> Evacuate(IReadOnlyList<FleetHost> hosts, IReadOnlyList<FleetGuest> guests, IReadOnlyCollection<string> evacuate,
        IReadOnlyList<string>? destinations, PlacementRule rule, RequestOrder order, Func<FleetGuest, string?> given)
    {
        var memory = new HostMemory(hosts, guests);
        var candidates = (destinations ?? hosts.Select(h => h.Name).ToList()).Where(h => !evacuate.Contains(h)).ToList();
        var moves = new List<PlannedMove>();
        foreach (var g in Ordered(guests.Where(g => evacuate.Contains(g.Host)), order))
        {
            string to;
            if (rule == PlacementRule.Given)
            {
                to = given(g) ?? throw new PlacementException($"guest {g.Name} on {g.Host} names no destination (to:), which placement: given needs");
                if (evacuate.Contains(to)) throw new PlacementException($"guest {g.Name}: its destination {to} is being evacuated too");
                if (!memory.Fits(to, g.Guest.MemoryBytes))
                    throw new PlacementException($"guest {g.Name} ({Gib(g.Guest.MemoryBytes)}) does not fit on {to}: {Gib(memory.Free(to))} free there");
            }
            else
                to = memory.Choose(g, candidates, rule)
                     ?? throw new PlacementException($"no destination has room for guest {g.Name} ({Gib(g.Guest.MemoryBytes)}); {memory.MostFree(candidates)}");
            memory.Add(to, g.Guest.MemoryBytes);
            moves.Add(new PlannedMove(g, g.Host, to));
        }
        return moves;
    }

    /// <summary>
    /// Empties the least loaded hosts, one at a time, as long as the others (those still in use)
    /// can take all of a host's guests; at most <paramref name="maxHostsToEmpty"/> (null: as many as fit).
    /// First-fit packs the fullest receiving hosts first; least-loaded spreads.
    /// </summary>
    public static IReadOnlyList<PlannedMove> Consolidate(IReadOnlyList<FleetHost> hosts, IReadOnlyList<FleetGuest> guests, int? maxHostsToEmpty,
        PlacementRule rule, RequestOrder order)
    {
        if (rule == PlacementRule.Given) throw new PlacementException("consolidate chooses destinations itself; use placement: first-fit or least-loaded");
        var memory = new HostMemory(hosts, guests);
        var emptied = new HashSet<string>(StringComparer.Ordinal);
        var moves = new List<PlannedMove>();
        var byLoad = hosts.Where(h => memory.Used(h.Name) > 0).OrderBy(h => memory.Utilisation(h.Name)).Select(h => h.Name).ToList();
        foreach (string host in byLoad)
        {
            if (maxHostsToEmpty is { } max && emptied.Count >= max) break;
            var receivers = hosts.Select(h => h.Name).Where(h => h != host && !emptied.Contains(h) && memory.Used(h) > 0)
                .OrderByDescending(memory.Utilisation).ToList();
            var tentative = new List<PlannedMove>();
            bool fits = true;
            foreach (var g in guests.Where(g => g.Host == host).OrderByDescending(g => g.Guest.MemoryBytes))
            {
                string? to = memory.Choose(g, receivers, rule);
                if (to is null) { fits = false; break; }
                memory.Add(to, g.Guest.MemoryBytes);
                tentative.Add(new PlannedMove(g, host, to));
            }
            if (!fits)
            {
                foreach (var m in tentative) memory.Remove(m.To, m.Guest.Guest.MemoryBytes);
                break;
            }
            foreach (var m in tentative) memory.Remove(host, m.Guest.Guest.MemoryBytes);
            emptied.Add(host);
            moves.AddRange(tentative);
        }
        return Reorder(moves, guests, order);
    }

    /// <summary>
    /// Moves guests off each host whose memory use is above <paramref name="threshold"/> (0-1), the
    /// most loaded first, to hosts that stay at or below it, until the host is at or below it:
    /// each time the smallest guest whose departure is enough, else the largest. A host that
    /// cannot be brought down is left as it is (see the returned notes).
    /// </summary>
    public static (IReadOnlyList<PlannedMove> Moves, IReadOnlyList<string> Notes) Rebalance(IReadOnlyList<FleetHost> hosts, IReadOnlyList<FleetGuest> guests,
        double threshold, PlacementRule rule, RequestOrder order)
    {
        if (rule == PlacementRule.Given) throw new PlacementException("rebalance chooses destinations itself; use placement: first-fit or least-loaded");
        var memory = new HostMemory(hosts, guests);
        var moves = new List<PlannedMove>();
        var notes = new List<string>();
        var moved = new HashSet<string>(StringComparer.Ordinal);
        foreach (var host in hosts.Where(h => memory.Utilisation(h.Name) > threshold).OrderByDescending(h => memory.Utilisation(h.Name)).ToList())
        {
            while (memory.Utilisation(host.Name) > threshold)
            {
                long excess = memory.Used(host.Name) - (long)Math.Floor(threshold * host.MemoryBytes);
                var left = guests.Where(g => g.Host == host.Name && !moved.Contains(g.Name)).ToList();
                if (left.Count == 0) break;
                var pick = left.Where(g => g.Guest.MemoryBytes >= excess).OrderBy(g => g.Guest.MemoryBytes).FirstOrDefault()
                           ?? left.OrderByDescending(g => g.Guest.MemoryBytes).First();
                var receivers = hosts.Select(h => h.Name)
                    .Where(h => h != host.Name && memory.UtilisationWith(h, pick.Guest.MemoryBytes) <= threshold).ToList();
                string? to = memory.Choose(pick, receivers, rule);
                if (to is null)
                {
                    notes.Add($"{host.Name} stays at {memory.Utilisation(host.Name):P0}: no host can take {pick.Name} ({Gib(pick.Guest.MemoryBytes)}) and stay at or below {threshold:P0}");
                    break;
                }
                memory.Add(to, pick.Guest.MemoryBytes);
                memory.Remove(host.Name, pick.Guest.MemoryBytes);
                moved.Add(pick.Name);
                moves.Add(new PlannedMove(pick, host.Name, to));
            }
        }
        return (Reorder(moves, guests, order), notes);
    }

    /// <summary>Guests in the order the requests are made.</summary>
    public static IEnumerable<FleetGuest> Ordered(IEnumerable<FleetGuest> guests, RequestOrder order) => order switch
    {
        RequestOrder.LargestFirst => guests.OrderByDescending(g => g.Guest.MemoryBytes),
        RequestOrder.SmallestFirst => guests.OrderBy(g => g.Guest.MemoryBytes),
        _ => guests,
    };

    private static IReadOnlyList<PlannedMove> Reorder(List<PlannedMove> moves, IReadOnlyList<FleetGuest> guests, RequestOrder order)
    {
        if (order == RequestOrder.AsListed)
        {
            var position = guests.Select((g, i) => (g.Name, i)).ToDictionary(x => x.Name, x => x.i, StringComparer.Ordinal);
            return moves.OrderBy(m => position[m.Guest.Name]).ToList();
        }
        var byGuest = moves.ToDictionary(m => m.Guest.Name, StringComparer.Ordinal);
        return Ordered(moves.Select(m => m.Guest), order).Select(g => byGuest[g.Name]).ToList();
    }

    private static string Gib(long bytes) => $"{bytes / (double)(1L << 30):0.##} GiB";
}
