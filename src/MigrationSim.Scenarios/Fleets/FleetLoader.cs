using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;
using MigrationSim.Scenarios.Units;
using MigrationSim.Scenarios.Yaml;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Fleets;

/// <summary>
/// Reads fleet files (YAML): hosts, network, guests (one by one, or groups drawn from lists and
/// distributions), the orchestrator and the operation. Guests are written as scenario files
/// write them (guest, workload, migration), units and defaults included; every key is checked,
/// and anything wrong is a <see cref="ScenarioException"/> with file, line, column, key and what
/// is allowed.
/// </summary>
public static class FleetLoader
{
    private const double MiB = 1 << 20;

    /// <summary>A fleet file is a mapping with <c>hosts</c> (a scenario has <c>guest</c>).</summary>
    public static bool IsFleet(string path)
    {
        try
        {
            return IsFleetText(File.ReadAllText(path), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The text of <paramref name="file"/> is a fleet's (a mapping with <c>hosts</c>); text that is no YAML mapping is not.</summary>
    public static bool IsFleetText(string text, string file)
    {
        try
        {
            return ScenarioLoader.LoadRoot(text, file).Children.Keys.OfType<YamlScalarNode>().Any(k => k.Value == "hosts");
        }
        catch (ScenarioException)
        {
            return false;
        }
    }

    /// <summary>Reads and validates the fleet file at <paramref name="path"/> (see <see cref="Parse"/>).</summary>
    public static FleetFile LoadFile(string path, PolicyRegistry? policies = null, OrchestratorRegistry? orchestrators = null, HostProfile? profile = null) =>
        Parse(ScenarioLoader.ReadFile(path, "fleet file"), path, policies, orchestrators, profile);

    /// <summary>Validates a fleet file's text; errors name the file, line, column and key.</summary>
    /// <param name="text">The YAML.</param>
    /// <param name="file">Its path, for messages.</param>
    /// <param name="policies">Migration policies guests may name [default: the built-in ones].</param>
    /// <param name="orchestrators">Orchestrators the file may name [default: the built-in ones].</param>
    /// <param name="profile">Host constants replacing the file's <c>host-profile</c> (migsim --profile).</param>
    public static FleetFile Parse(string text, string file, PolicyRegistry? policies = null, OrchestratorRegistry? orchestrators = null, HostProfile? profile = null)
    {
        var rootNode = ScenarioLoader.LoadRoot(text, file);
        var root = new YamlSection(rootNode, file, "");
        string name = root.String("name") ?? Path.GetFileNameWithoutExtension(file);
        string? description = root.String("description");
        ulong seed = (ulong)(root.Integer("seed", 0, long.MaxValue) ?? 1);
        var streams = new RandomStreams(seed);

        SimTime? sla = null;
        if (root.Section("sla") is { } slaSec)
        {
            sla = Duration(slaSec, "max-downtime");
            slaSec.RejectUnknownKeys();
        }
        var profileSec = root.Section("host-profile");
        var hostProfile = profile ?? (profileSec is null ? new HostProfile() : ScenarioLoader.ParseHost(profileSec));

        var networkSec = root.Section("network");
        var network = ReadNetwork(networkSec);
        var hosts = ReadHosts(root, network);
        var orchestratorSec = root.Section("orchestrator");
        var (orchestrator, definition) = ReadOrchestrator(orchestratorSec, orchestrators ?? OrchestratorRegistry.BuiltIn);
        root.Has("migration");
        var defaults = rootNode.Children.TryGetValue(new YamlScalarNode("migration"), out var d) ? d as YamlMappingNode
            ?? throw root.Error(d, "migration", "expected a mapping of migration keys (as in a scenario's migration:)") : null;

        var context = new GuestContext(file, seed, streams, hosts, network, hostProfile, profileSec?.Node, defaults, sla, definition, policies ?? PolicyRegistry.BuiltIn);
        var guestList = root.SectionList("guests");
        if (guestList.Count == 0) throw root.Missing("guests", "[{ name: vm-1, host: node-01, guest: { memory: 4GiB } }]");
        foreach (var entry in guestList) ReadGuestEntry(entry, context);
        CheckInitialPlacement(context);

        var opSec = root.Section("operation") ?? throw root.Missing("operation", "{ kind: evacuate, hosts: [node-01] }");
        var (requests, operation, notes) = FleetOperationReader.Read(opSec, hosts, context.Guests, context.GivenDestinations);
        root.RejectUnknownKeys();

        var spec = new FleetSpec
        {
            Name = name,
            Seed = seed,
            Hosts = hosts,
            Network = network,
            Guests = context.Guests,
            Requests = requests,
            Orchestrator = orchestrator,
            Operation = operation,
        };
        return new FleetFile(name, file, text, spec)
        {
            Description = description,
            Notes = notes,
            GuestScenarios = context.Scenarios,
            Features = context.Features,
        };
    }

    private static SimTime? Duration(YamlSection s, string key)
    {
        long? ns = s.Parse<long>(key, UnitParser.ParseDuration);
        if (ns is <= 0) throw s.Error(s.Scalar(key)!, key, "must be greater than zero");
        return ns is { } v ? new SimTime(v) : null;
    }

    private static double Rate(YamlSection s, string key, bool required, string example)
    {
        double? r = required ? s.Required<double>(key, UnitParser.ParseRate, example) : s.Parse<double>(key, UnitParser.ParseRate);
        if (r is null) return double.NaN;
        if (!(r > 0) || double.IsInfinity(r.Value)) throw s.Error(s.Scalar(key)!, key, "must be a finite rate greater than zero");
        return r.Value;
    }

    private static FleetNetwork ReadNetwork(YamlSection? s)
    {
        if (s is null) return new FleetNetwork();
        var topology = s.Choice("topology", "switch", "shared-link") == "shared-link" ? FleetTopology.SharedLink : FleetTopology.Switch;
        long latency = s.Parse<long>("latency", UnitParser.ParseDuration) ?? 100_000;
        if (latency < 0) throw s.Error(s.Scalar("latency")!, "latency", "must be zero or more");
        double shared = double.NaN;
        if (topology == FleetTopology.SharedLink) shared = Rate(s, "bandwidth", true, "16MiB/s");
        else if (s.Scalar("bandwidth") is { } b) throw s.Error(b, "bandwidth", "applies to topology: shared-link only; on a switch each host's nic sets its links");
        var racks = new List<FleetRack>();
        foreach (var r in s.SectionList("racks"))
        {
            if (topology == FleetTopology.SharedLink) throw r.ErrorHere("racks apply to topology: switch only");
            string rackName = r.RequiredString("name", "r1");
            double up = Rate(r, "uplink", true, "40Gbit/s");
            double down = Rate(r, "downlink", false, "");
            r.RejectUnknownKeys();
            if (racks.Any(x => x.Name == rackName)) throw r.Error(r.Scalar("name")!, "name", $"rack '{rackName}' is defined twice");
            racks.Add(new FleetRack(rackName, up, double.IsNaN(down) ? up : down));
        }
        int? mtu = null;
        if (s.Parse<long>("mtu", UnitParser.ParseSize) is { } m)
        {
            if (m is < 576 or > 65536) throw s.Error(s.Scalar("mtu")!, "mtu", "must be 576B to 65536B (1500B: Ethernet, 9000B: jumbo frames)");
            mtu = (int)m;
        }
        int frame = FleetNetwork.EthernetFrameOverheadBytes;
        if (s.Parse<long>("frame-overhead", UnitParser.ParseSize) is { } f)
        {
            if (mtu is null) throw s.Error(s.Scalar("frame-overhead")!, "frame-overhead", "applies with mtu: only");
            if (f is < 0 or > 1024) throw s.Error(s.Scalar("frame-overhead")!, "frame-overhead", "must be 0B to 1024B (38B: Ethernet on the wire, 14B: a tc shaper)");
            frame = (int)f;
        }
        s.RejectUnknownKeys();
        return new FleetNetwork
        {
            Topology = topology, SharedLinkBytesPerSecond = double.IsNaN(shared) ? 0 : shared, Latency = new SimTime(latency), Racks = racks,
            MtuBytes = mtu, FrameOverheadBytes = frame,
        };
    }

    private static List<FleetHost> ReadHosts(YamlSection root, FleetNetwork network)
    {
        var hosts = new List<FleetHost>();
        var list = root.SectionList("hosts");
        if (list.Count == 0) throw root.Missing("hosts", "[{ name: node-01, nic: 10Gbit/s, memory: 512GiB }]");
        foreach (var h in list)
        {
            string? single = h.String("name");
            string? prefix = h.String("prefix");
            long? count = h.Integer("count", 1, 100_000);
            long first = h.Integer("first", 0, 1_000_000) ?? 1;
            if ((single is null) == (prefix is null)) throw h.ErrorHere("a host entry has either name: NAME, or prefix: PREFIX with count: N (hosts PREFIX01..PREFIXNN)");
            if (prefix is not null && count is null) throw h.Missing("count", "20");
            if (single is not null && count is not null) throw h.Error(h.Scalar("count")!, "count", "applies with prefix: only");
            double nic = Rate(h, "nic", false, "");
            double up = Rate(h, "uplink", false, ""), down = Rate(h, "downlink", false, "");
            if (double.IsNaN(nic) && (double.IsNaN(up) || double.IsNaN(down)) && network.Topology == FleetTopology.Switch)
                throw h.Missing("nic", "10Gbit/s (or uplink: and downlink:)");
            if (!double.IsNaN(nic) && (!double.IsNaN(up) || !double.IsNaN(down)))
                throw h.Error(h.Scalar(double.IsNaN(up) ? "downlink" : "uplink")!, double.IsNaN(up) ? "downlink" : "uplink", "give either nic: (both ways) or uplink: and downlink:, not both");
            if (double.IsNaN(up)) up = double.IsNaN(nic) ? double.PositiveInfinity : nic;
            if (double.IsNaN(down)) down = double.IsNaN(nic) ? double.PositiveInfinity : nic;
            long memory = h.Required<long>("memory", UnitParser.ParseSize, "512GiB");
            if (memory <= 0) throw h.Error(h.Scalar("memory")!, "memory", "must be greater than zero");
            string? rack = h.String("rack");
            if (rack is not null && !network.Racks.Any(r => r.Name == rack))
                throw h.Error(h.Scalar("rack")!, "rack", $"no rack '{rack}'{Hint(rack, network.Racks.Select(r => r.Name))}; racks: {Names(network.Racks.Select(r => r.Name))}");
            if (rack is null && network.Racks.Count > 0) throw h.Missing("rack", network.Racks[0].Name);
            h.RejectUnknownKeys();
            var names = single is not null ? [single]
                : Enumerable.Range(0, (int)count!.Value).Select(i => prefix + (first + i).ToString(CultureInfo.InvariantCulture).PadLeft(Math.Max(2, (first + count.Value - 1).ToString(CultureInfo.InvariantCulture).Length), '0')).ToList();
            foreach (string n in names)
            {
                if (hosts.Any(x => x.Name == n)) throw h.ErrorHere($"host '{n}' is defined twice");
                hosts.Add(new FleetHost(n, up, down, memory, rack));
            }
        }
        return hosts;
    }

    private static (OrchestratorSpec, OrchestratorDefinition?) ReadOrchestrator(YamlSection? s, OrchestratorRegistry registry)
    {
        if (s is null) return (Model.Orchestrators.Direct.DirectSpec.Instance, null);
        string kind = s.String("kind")?.Trim().ToLowerInvariant() ?? throw s.Missing("kind", string.Join("|", registry.Names));
        if (!registry.TryGet(kind, out var definition))
            throw s.Error(s.Scalar("kind")!, "kind", $"unknown orchestrator '{kind}'{Hint(kind, registry.Names)}; allowed values: {string.Join(", ", registry.Names)}");
        var settings = new YamlOrchestratorSettings(s);
        var spec = definition.Parse(settings);
        settings.Close();
        s.RejectUnknownKeys();
        return (spec, definition.Name == "direct" ? null : definition);
    }

    /// <summary>What reading the guests needs and builds up.</summary>
    private sealed class GuestContext(string file, ulong seed, RandomStreams streams, List<FleetHost> hosts, FleetNetwork network, HostProfile profile,
        YamlNode? profileNode, YamlMappingNode? defaults, SimTime? sla, OrchestratorDefinition? orchestrator, PolicyRegistry policies)
    {
        public string File { get; } = file;
        public ulong Seed { get; } = seed;
        public RandomStreams Streams { get; } = streams;
        public List<FleetHost> Hosts { get; } = hosts;
        public FleetNetwork Network { get; } = network;
        public HostProfile Profile { get; } = profile;
        public YamlNode? ProfileNode { get; } = profileNode;
        public YamlMappingNode? Defaults { get; } = defaults;
        public SimTime? Sla { get; } = sla;
        public OrchestratorDefinition? Orchestrator { get; } = orchestrator;
        public PolicyRegistry Policies { get; } = policies;
        public List<FleetGuest> Guests { get; } = [];
        public Dictionary<string, string> GivenDestinations { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, string> Scenarios { get; } = new(StringComparer.Ordinal);
        public List<FeatureSetting> Features { get; } = [];
        public Dictionary<string, YamlSection> EntryOf { get; } = new(StringComparer.Ordinal);
    }

    private static void ReadGuestEntry(YamlSection entry, GuestContext c)
    {
        string? single = entry.String("name");
        string? group = entry.String("group");
        if ((single is null) == (group is null)) throw entry.ErrorHere("a guest entry has either name: NAME (one guest), or group: NAME with count: N (guests NAME-01..NAME-NN)");
        long count = group is null ? 1 : entry.Integer("count", 1, 1_000_000) ?? throw entry.Missing("count", "40");
        if (single is not null && entry.Scalar("count") is { } cnt) throw entry.Error(cnt, "count", "applies with group: only");

        // Hosts: one, or several the group is spread over in turn.
        var hostNames = new List<(string Name, YamlNode Node)>();
        if (entry.Scalar("host") is { } hostNode) hostNames.Add((hostNode.Value ?? "", hostNode));
        entry.Has("hosts");
        if (entry.Node.Children.TryGetValue(new YamlScalarNode("hosts"), out var hostsNode))
        {
            if (single is not null) throw entry.Error(hostsNode, "hosts", "applies to groups; a single guest has host: NAME");
            if (hostNames.Count > 0) throw entry.Error(hostsNode, "hosts", "give host: or hosts:, not both");
            if (hostsNode is not YamlSequenceNode seq || seq.Children.Count == 0) throw entry.Error(hostsNode, "hosts", "expected a list of host names, e.g. [node-01, node-02]");
            foreach (var n in seq.Children) hostNames.Add(((n as YamlScalarNode)?.Value ?? "", n));
        }
        if (hostNames.Count == 0) throw entry.Missing("host", c.Hosts[0].Name);
        foreach (var (n, node) in hostNames)
            if (!c.Hosts.Any(h => h.Name == n))
                throw entry.Error(node, hostNames.Count == 1 && entry.Scalar("host") is not null ? "host" : "hosts",
                    $"no host '{n}'{Hint(n, c.Hosts.Select(h => h.Name))}; hosts: {Names(c.Hosts.Select(h => h.Name))}");

        string? to = entry.String("to");
        if (to is not null && !c.Hosts.Any(h => h.Name == to))
            throw entry.Error(entry.Scalar("to")!, "to", $"no host '{to}'{Hint(to, c.Hosts.Select(h => h.Name))}; hosts: {Names(c.Hosts.Select(h => h.Name))}");
        SimTime? sla = Duration(entry, "max-downtime") ?? c.Sla;
        ulong? seed = entry.Integer("seed", 0, long.MaxValue) is { } s ? (ulong)s : null;
        var guestNode = Mapping(entry, "guest") ?? throw entry.Missing("guest", "{ memory: 4GiB }");
        var workloadNode = Mapping(entry, "workload");
        var migrationNode = Mapping(entry, "migration");
        entry.RejectUnknownKeys();

        var rng = c.Streams.Get("group " + (group ?? single));
        int width = Math.Max(2, count.ToString(CultureInfo.InvariantCulture).Length);
        for (int i = 0; i < count; i++)
        {
            string name = group is null ? single! : $"{group}-{(i + 1).ToString(CultureInfo.InvariantCulture).PadLeft(width, '0')}";
            if (c.EntryOf.ContainsKey(name)) throw entry.ErrorHere($"guest '{name}' is defined twice");
            c.EntryOf[name] = entry;
            var (g, w) = Draw(entry, guestNode, workloadNode, rng, group is not null);
            var guest = ReadGuest(entry, c, name, hostNames[i % hostNames.Count].Name,
                // 63 bits: the guest's seed is also written into the scenario a capture realises, and scenario seeds are 0..2^63-1.
                (seed is { } sd ? sd + (ulong)i : c.Streams.Derive("guest " + name)) & long.MaxValue, g, w, migrationNode, sla);
            c.Guests.Add(guest);
            if (to is not null) c.GivenDestinations[name] = to;
        }
    }

    private static YamlMappingNode? Mapping(YamlSection s, string key)
    {
        s.Has(key);
        if (!s.Node.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
        return node as YamlMappingNode ?? throw s.Error(node, key, "expected a mapping of keys and values here");
    }

    /// <summary>The guest and workload mappings of one guest, with a group's lists and distributions replaced by drawn values.</summary>
    private static (YamlMappingNode Guest, YamlMappingNode? Workload) Draw(YamlSection entry, YamlMappingNode guestNode, YamlMappingNode? workloadNode, RandomStream rng, bool isGroup)
    {
        var guestSec = new YamlSection(guestNode, entry.File, entry.KeyPath("guest"));
        var workloadSec = workloadNode is null ? null : new YamlSection(workloadNode, entry.File, entry.KeyPath("workload"));
        YamlNode? Varied(YamlSection? s, string key)
        {
            if (s is null || !s.Node.Children.TryGetValue(new YamlScalarNode(key), out var n) || !GroupValue.IsVaried(n)) return null;
            if (!isGroup) throw s.Error(n, key, "lists and distributions are for groups (group: NAME, count: N); a single guest takes one value");
            return n;
        }
        // Page size first: memory and working set round to it.
        long pageSize = guestSec.Parse<long>("page-size", UnitParser.ParseSize) ?? 4096;
        if (pageSize <= 0) pageSize = 4096;
        var guest = guestNode;
        long? memory = null;
        if (Varied(guestSec, "memory") is { } mem)
        {
            double m = GroupValue.Read(guestSec, "memory", mem, (string t, out string e) => UnitParser.ParseSize(t, out e)).Draw(rng);
            memory = Math.Max(1, (long)Math.Round(m / MiB)) * (long)MiB;
            guest = Replace(guest, "memory", $"{memory}B");
        }
        else memory = guestSec.Parse<long>("memory", UnitParser.ParseSize);
        if (Varied(guestSec, "resident") is { } res)
        {
            double r = GroupValue.Read(guestSec, "resident", res, (string t, out string e) => UnitParser.ParseSize(t, out e)).Draw(rng);
            guest = Replace(guest, "resident", $"{(long)Math.Round(r / pageSize) * pageSize}B");
        }
        var workload = workloadNode;
        if (workloadSec is not null && workload is not null)
        {
            if (workloadSec.Node.Children.TryGetValue(new YamlScalarNode("working-set"), out var wsNode))
            {
                bool percent = wsNode is YamlScalarNode { Value: { } t0 } ? t0.Trim().EndsWith('%')
                    : wsNode is YamlSequenceNode sq ? sq.Children.All(x => (x as YamlScalarNode)?.Value?.Trim().EndsWith('%') == true)
                    : wsNode is YamlMappingNode mp && mp.Children.First().Value is YamlSequenceNode ends && ends.Children.All(x => (x as YamlScalarNode)?.Value?.Trim().EndsWith('%') == true);
                ParseFunc<double> parse = percent ? Percent : (string t, out string e) => UnitParser.ParseSize(t, out e);
                double value = Varied(workloadSec, "working-set") is { } wsVaried
                    ? GroupValue.Read(workloadSec, "working-set", wsVaried, parse).Draw(rng)
                    : parse(((YamlScalarNode)wsNode).Value ?? "", out string err) ?? throw workloadSec.Error(wsNode, "working-set", err);
                if (percent)
                {
                    if (memory is null) throw guestSec.Missing("memory", "4GiB");
                    value *= memory.Value;
                }
                if (percent || GroupValue.IsVaried(wsNode))
                    workload = Replace(workload, "working-set", $"{Math.Max(pageSize, (long)Math.Round(value / pageSize) * pageSize)}B");
            }
            if (Varied(workloadSec, "rate") is { } rateNode)
            {
                double r = GroupValue.Read(workloadSec, "rate", rateNode, (string t, out string e) => UnitParser.ParsePageRate(t, (int)pageSize, out e)).Draw(rng);
                workload = Replace(workload, "rate", $"{r.ToString("0.###", CultureInfo.InvariantCulture)} pages/s");
            }
        }
        return (guest, workload);
    }

    private static double? Percent(string text, out string error)
    {
        error = "";
        string t = text.Trim();
        if (t.EndsWith('%') && double.TryParse(t[..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out double p) && p > 0 && p <= 100) return p / 100;
        error = $"'{text}' is not a percentage of guest memory from 0% (exclusive) to 100%";
        return null;
    }

    /// <summary>A copy of <paramref name="map"/> with <paramref name="key"/>'s value replaced (the other nodes keep their places for error messages).</summary>
    private static YamlMappingNode Replace(YamlMappingNode map, string key, string value)
    {
        var copy = new YamlMappingNode();
        foreach (var (k, v) in map.Children)
            copy.Add(k, k is YamlScalarNode { Value: var n } && n == key ? new YamlScalarNode(value) : v);
        return copy;
    }

    private static FleetGuest ReadGuest(YamlSection entry, GuestContext c, string name, string host, ulong seed, YamlMappingNode guestNode,
        YamlMappingNode? workloadNode, YamlMappingNode? migrationNode, SimTime? sla)
    {
        var guestSec = new YamlSection(guestNode, entry.File, entry.KeyPath("guest"));
        var guest = ScenarioLoader.ParseGuest(guestSec);
        var workloadSec = workloadNode is null ? null : new YamlSection(workloadNode, entry.File, entry.KeyPath("workload"));
        var workload = workloadSec is null ? new IdleWorkloadSpec() : ScenarioLoader.ParseWorkload(workloadSec, guest.PageSizeBytes, null, isPhase: false);
        long ws = workload.WorkingSetPages;
        if (ws > guest.Pages)
            throw workloadSec!.Error(workloadSec.Node, "working-set", $"guest {name}: the working set ({ws} pages) is larger than guest memory ({guest.Pages} pages)");
        if (ws + guest.ResidentPages > guest.Pages)
            throw guestSec.ErrorHere($"guest {name}: resident ({guest.ResidentPages} pages) plus the working set ({ws} pages) exceed guest memory ({guest.Pages} pages)");

        var merged = Merge(c.Defaults, migrationNode);
        var migrationSec = merged is null ? null : new YamlSection(merged, entry.File, entry.KeyPath("migration"));
        if (c.Orchestrator is { } orch && merged is not null)
            foreach (string key in orch.OwnedMigrationKeys)
                if (merged.Children.TryGetValue(new YamlScalarNode(key), out var owned))
                    throw migrationSec!.Error(owned, key, $"is set by the orchestrator ({orch.Name}: {string.Join(", ", orch.Options.Select(o => o.Key))}); remove it from the guest's migration settings");
        var (type, parameters) = ScenarioLoader.ParseMigration(migrationSec, c.Features);
        var (policy, postcopy) = ScenarioLoader.ParsePolicy(migrationSec, type, c.Policies);
        migrationSec?.RejectUnknownKeys();
        parameters = ScenarioLoader.WithProgramPageCompression(parameters, workload, guest);
        if (parameters.Multifd is not null && policy.UsesPostcopy)
            throw migrationSec!.Error(migrationSec.Scalar("multifd")!, "multifd", $"cannot be combined with policy: {policy.Name}; use policy: precopy");
        if (policy.UsesPostcopy && c.Network.Latency <= SimTime.Zero)
            throw entry.ErrorHere($"guest {name} may switch to postcopy, which needs network.latency greater than zero");

        var settings = new MigrationSettings { Name = name, Seed = seed, Type = type, Policy = policy, Parameters = parameters, Postcopy = postcopy, Host = c.Profile };
        c.Scenarios[name] = ScenarioText(c, name, host, seed, guestNode, workloadNode, merged);
        return new FleetGuest(name, host, seed, guest, workload, settings, sla);
    }

    /// <summary>The fleet's default <c>migration:</c> keys with the guest's own over them.</summary>
    private static YamlMappingNode? Merge(YamlMappingNode? defaults, YamlMappingNode? own)
    {
        if (defaults is null) return own;
        if (own is null) return defaults;
        var merged = new YamlMappingNode();
        foreach (var (k, v) in defaults.Children)
            if (!own.Children.ContainsKey(k)) merged.Add(k, v);
        foreach (var (k, v) in own.Children) merged.Add(k, v);
        return merged;
    }

    /// <summary>The guest as a scenario file of its own: what a capture runs and records as scenario.yaml.</summary>
    private static string ScenarioText(GuestContext c, string name, string host, ulong seed, YamlMappingNode guest, YamlMappingNode? workload, YamlMappingNode? migration)
    {
        var fleetHost = c.Hosts.First(h => h.Name == host);
        double link = c.Network.Topology == FleetTopology.SharedLink ? c.Network.SharedLinkBytesPerSecond : Math.Min(fleetHost.UplinkBytesPerSecond, fleetHost.DownlinkBytesPerSecond);
        var map = new YamlMappingNode
        {
            { "name", name },
            { "seed", seed.ToString(CultureInfo.InvariantCulture) },
            { "guest", guest },
        };
        if (workload is not null) map.Add("workload", workload);
        map.Add("network", new YamlMappingNode
        {
            { "bandwidth", double.IsInfinity(link) ? "100Gbit/s" : $"{link.ToString("R", CultureInfo.InvariantCulture)}B/s" },
            { "latency", $"{c.Network.Latency.Nanoseconds.ToString(CultureInfo.InvariantCulture)}ns" },
        });
        if (migration is not null) map.Add("migration", migration);
        if (c.ProfileNode is not null) map.Add("host", c.ProfileNode);
        var writer = new StringWriter(CultureInfo.InvariantCulture);
        new YamlStream(new YamlDocument(map)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static void CheckInitialPlacement(GuestContext c)
    {
        foreach (var h in c.Hosts)
        {
            var on = c.Guests.Where(g => g.Host == h.Name).ToList();
            long used = on.Sum(g => g.Guest.MemoryBytes);
            if (used > h.MemoryBytes)
                throw c.EntryOf[on[^1].Name].ErrorHere(
                    $"the guests placed on {h.Name} need {used / (double)(1L << 30):0.##} GiB; it has {h.MemoryBytes / (double)(1L << 30):0.##} GiB (memory:)");
        }
    }

    internal static string Hint(string name, IEnumerable<string> known)
    {
        return Suggestions.NearestName.Suggest(name, known) is { } near ? $" (did you mean '{near}'?)" : "";
    }

    internal static string Names(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 12 ? string.Join(", ", list) : $"{string.Join(", ", list.Take(10))}, ... ({list.Count} in all)";
    }
}
