using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Fleets.Operations;
using MigrationSim.Scenarios.Units;
using MigrationSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Fleets;

/// <summary>
/// A fleet file's <c>operation:</c>: evacuate hosts, consolidate, rebalance, or an explicit
/// plan of migrations with start times and "after" dependencies, turned into the requests the
/// orchestrator receives. Plans are checked: known guests and hosts, room on each destination,
/// no guest moved twice at once, no migration that waits for itself.
/// </summary>
internal static class FleetOperationReader
{
    public static readonly string[] Kinds = ["evacuate", "consolidate", "rebalance", "plan"];

    public static (List<MigrationRequest> Requests, string Operation, List<string> Notes) Read(YamlSection s, List<FleetHost> hosts,
        List<FleetGuest> guests, IReadOnlyDictionary<string, string> given)
    {
        string kind = s.Choice("kind", Kinds) ?? throw s.Missing("kind", string.Join("|", Kinds));
        var hostNames = hosts.Select(h => h.Name).ToList();
        var placement = s.Choice("placement", "first-fit", "least-loaded", "given") switch
        {
            "first-fit" => PlacementRule.FirstFit,
            "given" => PlacementRule.Given,
            _ => PlacementRule.LeastLoaded,
        };
        var order = s.Choice("order", "as-listed", "largest-first", "smallest-first") switch
        {
            "largest-first" => RequestOrder.LargestFirst,
            "smallest-first" => RequestOrder.SmallestFirst,
            _ => RequestOrder.AsListed,
        };
        var notes = new List<string>();
        // Keys of the other kinds are not silently ignored.
        string[] own = kind switch
        {
            "evacuate" => ["hosts", "destinations", "placement", "order"],
            "consolidate" => ["empty", "placement", "order"],
            "rebalance" => ["threshold", "placement", "order"],
            _ => ["migrations"],
        };
        foreach (string key in new[] { "hosts", "destinations", "placement", "order", "empty", "threshold", "migrations" }.Except(own))
            if (s.Node.Children.TryGetValue(new YamlScalarNode(key), out var stray))
                throw s.Error(stray, key, $"does not apply to kind: {kind}; its keys: kind, {string.Join(", ", own)}");

        List<MigrationRequest> requests;
        string operation;
        try
        {
            switch (kind)
            {
                case "evacuate":
                {
                    var evacuate = HostList(s, "hosts", hostNames, required: true)!;
                    var destinations = HostList(s, "destinations", hostNames, required: false);
                    var moves = FleetOperations.Evacuate(hosts, guests, evacuate, destinations, placement, order, g => given.GetValueOrDefault(g.Name));
                    requests = Requests(moves);
                    // Past a few hosts the list would fill the summary line and the chart's title.
                    string hostList = evacuate.Count <= 4 ? string.Join(", ", evacuate) : $"{evacuate.Count} hosts ({evacuate.First()} ... {evacuate.Last()})";
                    operation = $"evacuate {hostList} ({Describe(placement)}, {moves.Count} guests)";
                    break;
                }
                case "consolidate":
                {
                    int? empty = s.Integer("empty", 1, 100_000) is { } e ? (int)e : null;
                    var moves = FleetOperations.Consolidate(hosts, guests, empty, placement, order);
                    requests = Requests(moves);
                    int emptied = moves.Select(m => m.From).Distinct().Count();
                    operation = $"consolidate ({Describe(placement)}: {emptied} hosts emptied, {moves.Count} guests)";
                    if (moves.Count == 0) notes.Add("consolidate: no host could be emptied onto the others");
                    break;
                }
                case "rebalance":
                {
                    double threshold = s.Parse<double>("threshold", ParseFraction) ?? throw s.Missing("threshold", "80%");
                    var (moves, why) = FleetOperations.Rebalance(hosts, guests, threshold, placement, order);
                    requests = Requests(moves);
                    notes.AddRange(why);
                    operation = $"rebalance above {threshold:P0} ({Describe(placement)}, {moves.Count} guests)";
                    break;
                }
                default:
                    requests = Plan(s, hosts, guests);
                    operation = $"plan of {requests.Count} migrations";
                    break;
            }
        }
        catch (PlacementException e)
        {
            throw s.ErrorHere(e.Message);
        }
        s.RejectUnknownKeys();
        if (requests.Count == 0) notes.Add("the operation moves no guest");
        return (requests, operation, notes);
    }

    private static string Describe(PlacementRule rule) => rule switch
    {
        PlacementRule.FirstFit => "first-fit",
        PlacementRule.Given => "given destinations",
        _ => "least-loaded",
    };

    private static List<MigrationRequest> Requests(IReadOnlyList<PlannedMove> moves) =>
        moves.Select((m, i) => new MigrationRequest(i, m.Guest.Name, m.From, m.To, SimTime.Zero, [])).ToList();

    private static double? ParseFraction(string text, out string error)
    {
        error = "";
        string t = text.Trim();
        bool percent = t.EndsWith('%');
        if (double.TryParse(percent ? t[..^1] : t, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out double v))
        {
            v = percent ? v / 100 : v;
            if (v > 0 && v < 1) return v;
        }
        error = $"'{text}' is not a memory utilisation between 0% and 100% (e.g. 80% or 0.8)";
        return null;
    }

    private static List<string>? HostList(YamlSection s, string key, List<string> hosts, bool required)
    {
        s.Has(key);
        if (!s.Node.Children.TryGetValue(new YamlScalarNode(key), out var node))
            return required ? throw s.Missing(key, $"[{hosts[0]}]") : null;
        var items = node switch
        {
            YamlSequenceNode seq => seq.Children.ToList(),
            YamlScalarNode one => [one],
            _ => throw s.Error(node, key, "expected a host name or a list of them"),
        };
        var names = new List<string>();
        foreach (var item in items)
        {
            string n = (item as YamlScalarNode)?.Value ?? "";
            if (!hosts.Contains(n)) throw s.Error(item, key, $"no host '{n}'{FleetLoader.Hint(n, hosts)}; hosts: {FleetLoader.Names(hosts)}");
            names.Add(n);
        }
        if (names.Count == 0) throw s.Error(node, key, "an empty list");
        return names;
    }

    private sealed record PlanEntry(YamlSection Section, string Id, FleetGuest Guest, string From, string To, SimTime At, List<(string Id, YamlNode Node)> After);

    private static List<MigrationRequest> Plan(YamlSection s, List<FleetHost> hosts, List<FleetGuest> guests)
    {
        var list = s.SectionList("migrations");
        if (list.Count == 0) throw s.Missing("migrations", "[{ guest: vm-1, to: node-02 }]");
        var hostNames = hosts.Select(h => h.Name).ToList();
        var byName = guests.ToDictionary(g => g.Name, StringComparer.Ordinal);
        var entries = new List<PlanEntry>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var m in list)
        {
            string guestName = m.RequiredString("guest", guests[0].Name);
            if (!byName.TryGetValue(guestName, out var guest))
                throw m.Error(m.Scalar("guest")!, "guest", $"no guest '{guestName}'{FleetLoader.Hint(guestName, byName.Keys)}; guests: {FleetLoader.Names(byName.Keys)}");
            string to = m.RequiredString("to", hostNames[0]);
            if (!hostNames.Contains(to)) throw m.Error(m.Scalar("to")!, "to", $"no host '{to}'{FleetLoader.Hint(to, hostNames)}; hosts: {FleetLoader.Names(hostNames)}");
            string? from = m.String("from");
            if (from is not null && !hostNames.Contains(from))
                throw m.Error(m.Scalar("from")!, "from", $"no host '{from}'{FleetLoader.Hint(from, hostNames)}; hosts: {FleetLoader.Names(hostNames)}");
            long at = m.Parse<long>("at", UnitParser.ParseDuration) ?? 0;
            if (at < 0) throw m.Error(m.Scalar("at")!, "at", "must be zero or more");
            string id = m.String("id") ?? guestName;
            if (ids.ContainsKey(id))
                throw m.ErrorHere(m.Scalar("id") is null
                    ? $"a second migration of {guestName}: give each an id (id: NAME) so that the later one can say after: the earlier"
                    : $"id '{id}' is used twice");
            ids[id] = entries.Count;
            var after = new List<(string, YamlNode)>();
            m.Has("after");
            if (m.Node.Children.TryGetValue(new YamlScalarNode("after"), out var afterNode))
            {
                var items = afterNode is YamlSequenceNode seq ? seq.Children.ToList() : [afterNode];
                foreach (var item in items) after.Add(((item as YamlScalarNode)?.Value ?? "", item));
            }
            m.RejectUnknownKeys();
            entries.Add(new PlanEntry(m, id, guest, from ?? "", to, new SimTime(at), after));
        }

        // Dependencies: known ids, no cycle.
        var deps = new List<int>[entries.Count];
        for (int i = 0; i < entries.Count; i++)
        {
            deps[i] = [];
            foreach (var (id, node) in entries[i].After)
            {
                if (!ids.TryGetValue(id, out int j))
                    throw entries[i].Section.Error(node, "after", $"no migration with id '{id}'{FleetLoader.Hint(id, ids.Keys)}; ids: {FleetLoader.Names(ids.Keys)}");
                if (j == i) throw entries[i].Section.Error(node, "after", $"migration '{id}' cannot wait for itself");
                deps[i].Add(j);
            }
        }
        var before = Closure(deps, entries);

        // Each guest's migrations must form a chain, each starting where the previous one ends.
        foreach (var group in entries.Select((e, i) => (e, i)).GroupBy(x => x.e.Guest.Name))
        {
            var moves = group.Select(x => x.i).ToList();
            for (int a = 0; a < moves.Count; a++)
                for (int b = a + 1; b < moves.Count; b++)
                    if (!before[moves[a]].Contains(moves[b]) && !before[moves[b]].Contains(moves[a]))
                        throw entries[moves[b]].Section.ErrorHere(
                            $"moves guest {group.Key} while migration '{entries[moves[a]].Id}' may still be moving it: a guest migrates once at a time; add after: {entries[moves[a]].Id}");
            moves.Sort((x, y) => before[x].Contains(y) ? 1 : before[y].Contains(x) ? -1 : 0);
            string at = group.First().e.Guest.Host;
            foreach (int k in moves)
            {
                var e = entries[k];
                if (e.From.Length > 0 && e.From != at)
                    throw e.Section.Error(e.Section.Scalar("from")!, "from", $"guest {group.Key} is on {at} by then, not {e.From}");
                if (e.To == at) throw e.Section.Error(e.Section.Scalar("to")!, "to", $"guest {group.Key} is already on {at}");
                entries[k] = e with { From = at };
                at = e.To;
            }
        }

        // Room on each destination: the guests there, plus those arriving, less those that have left before this one starts.
        var memory = new HostMemory(hosts, guests);
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            long freedBefore = Enumerable.Range(0, entries.Count).Where(j => before[i].Contains(j) && entries[j].From == e.To).Sum(j => entries[j].Guest.Guest.MemoryBytes);
            long arriving = Enumerable.Range(0, i).Where(j => entries[j].To == e.To).Sum(j => entries[j].Guest.Guest.MemoryBytes);
            long need = e.Guest.Guest.MemoryBytes;
            long free = memory.Free(e.To) - arriving + freedBefore;
            if (need > free)
                throw e.Section.Error(e.Section.Scalar("to")!, "to",
                    $"{e.To} has no room for {e.Guest.Name} ({need / (double)(1L << 30):0.##} GiB): {Math.Max(0, free) / (double)(1L << 30):0.##} GiB free when it would start");
        }
        return entries.Select((e, i) => new MigrationRequest(i, e.Guest.Name, e.From, e.To, e.At, deps[i])).ToList();
    }

    /// <summary>For each migration, every migration that must end before it starts (transitively); a cycle is an error.</summary>
    private static HashSet<int>[] Closure(List<int>[] deps, List<PlanEntry> entries)
    {
        var result = new HashSet<int>[deps.Length];
        var state = new int[deps.Length]; // 0 new, 1 visiting, 2 done
        for (int i = 0; i < deps.Length; i++) Visit(i, []);
        return result;

        void Visit(int i, List<int> path)
        {
            if (state[i] == 2) return;
            if (state[i] == 1)
            {
                var cycle = path.SkipWhile(p => p != i).Append(i).Select(p => entries[p].Id);
                throw entries[i].Section.ErrorHere($"migration '{entries[i].Id}' depends on itself: {string.Join(" -> ", cycle)}");
            }
            state[i] = 1;
            path.Add(i);
            var set = new HashSet<int>();
            foreach (int j in deps[i])
            {
                Visit(j, path);
                set.Add(j);
                set.UnionWith(result[j]);
            }
            path.RemoveAt(path.Count - 1);
            result[i] = set;
            state[i] = 2;
        }
    }
}
