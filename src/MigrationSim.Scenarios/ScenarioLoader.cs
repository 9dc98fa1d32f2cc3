using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;
using MigrationSim.Scenarios.Limits;
using MigrationSim.Scenarios.Units;
using MigrationSim.Scenarios.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios;

/// <summary>
/// Reads scenario YAML. Defaults are QEMU 7.2's; every key is checked, and anything wrong is a
/// <see cref="ScenarioException"/> naming file, line and key.
/// </summary>
public static class ScenarioLoader
{
    /// <param name="path">The scenario file.</param>
    /// <param name="policies">Policies that <c>migration.policy</c> may name; null = QEMU's built-in ones.</param>
    public static Scenario LoadFile(string path, PolicyRegistry? policies = null) => Parse(ReadFile(path, "scenario file"), path, policies);

    /// <summary>The text of a file the user named, or a <see cref="ScenarioException"/> saying why it cannot be read.</summary>
    internal static string ReadFile(string path, string what) => YamlFile.Read(path, what);

    /// <summary>Parses scenario YAML <paramref name="text"/>; <paramref name="file"/> names it in errors; <paramref name="policies"/> as in <see cref="LoadFile"/>.</summary>
    public static Scenario Parse(string text, string file, PolicyRegistry? policies = null)
    {
        var root = LoadRoot(text, file);
        return FromNode(root, file, text, policies);
    }

    /// <summary>The root mapping of a YAML text, or a <see cref="ScenarioException"/> for a syntax error or a text that is not a mapping.</summary>
    public static YamlMappingNode LoadRoot(string text, string file)
    {
        var stream = new YamlStream();
        try
        {
            // Depth, alias cycles and expansion, documents and tags first: the tree loader below recurses.
            YamlGuard.Check(text, file);
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            string msg = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its own position; ours is in front already.
            int paren = msg.IndexOf("): ", StringComparison.Ordinal);
            if (msg.StartsWith("(Line", StringComparison.Ordinal) && paren > 0) msg = msg[(paren + 3)..];
            throw new ScenarioException(file, (int)e.Start.Line, (int)e.Start.Column, null, $"YAML syntax error: {Excerpt.Of(msg)}");
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way when the text ends inside a '{...}' or '[...]'.
            int lines = text.Split('\n').Length;
            throw new ScenarioException(file, lines, 1, null, "YAML syntax error: the file ends inside an unclosed '{' or '['");
        }
        if (stream.Documents.Count == 0)
            throw new ScenarioException(file, 0, 0, null, "the file is empty; a scenario needs at least 'guest', 'network' and 'migration'");
        if (stream.Documents[0].RootNode is not YamlMappingNode map)
            throw new ScenarioException(file, (int)stream.Documents[0].RootNode.Start.Line, 1, null, "a scenario is a mapping of keys (guest, workload, network, migration, ...)");
        return map;
    }

    /// <summary>Reads a scenario from an already parsed tree (a sweep point); <paramref name="text"/> is kept as its source.</summary>
    public static Scenario FromNode(YamlMappingNode node, string file, string text, PolicyRegistry? policies = null)
    {
        var root = new YamlSection(node, file, "").Expect(RootKeys);
        string name = Name(root, file);
        string? description = root.String("description");
        ulong seed = root.UnsignedInteger("seed") ?? 1;

        var guestSec = root.Section("guest") ?? throw root.Missing("guest", "{ memory: 4GiB }");
        var guest = ParseGuest(guestSec);
        var workloadSec = root.Section("workload");
        var workload = workloadSec is null ? new IdleWorkloadSpec() : ParseWorkload(workloadSec, guest.PageSizeBytes, null, isPhase: false);
        var networkSec = root.Section("network") ?? throw root.Missing("network", "{ bandwidth: 10Gbit/s }");
        var link = ParseNetwork(networkSec);
        var migrationSec = root.Section("migration");
        var features = new List<FeatureSetting>();
        var (type, parameters) = ParseMigration(migrationSec, features);
        var (policy, postcopy) = ParsePolicy(migrationSec, type, policies ?? PolicyRegistry.BuiltIn);
        migrationSec?.RejectUnknownKeys();
        if (parameters.Multifd is not null && policy.UsesPostcopy)
            throw migrationSec!.Error(migrationSec.Scalar("multifd")!, "multifd",
                $"cannot be combined with policy: {policy.Name} (QEMU 10: \"Postcopy is not yet compatible with multifd\"); use policy: precopy");
        if (policy.UsesPostcopy && link.Latency <= SimTime.Zero)
            throw networkSec.Error((YamlNode?)networkSec.Scalar("latency") ?? networkSec.Node, "latency",
                "must be greater than zero with postcopy: every page fault is a request/response over the network");
        var hostSec = root.Section("host");
        var host = hostSec is null ? new HostProfile() : ParseHost(hostSec);
        var simSec = root.Section("simulation");
        SimTime sampleInterval = SimTime.FromMilliseconds(100);
        if (simSec is not null)
        {
            sampleInterval = new SimTime(simSec.Parse<long>("sample-interval", UnitParser.ParseDuration) ?? sampleInterval.Nanoseconds);
            if (sampleInterval < InputLimits.MinSampleInterval)
                throw simSec.Error(simSec.Scalar("sample-interval")!, "sample-interval", $"must be at least {InputLimits.MinSampleInterval} (the finest timeline the simulator writes)");
            simSec.RejectUnknownKeys();
        }
        root.RejectUnknownKeys();

        parameters = WithProgramPageCompression(parameters, workload, guest);
        long ws = workload.WorkingSetPages;
        if (ws > guest.Pages)
            throw workloadSec!.Error(workloadSec.Node, "working-set", $"the working set ({ws} pages) is larger than guest memory ({guest.Pages} pages of {guest.PageSizeBytes} B); it must be at most guest.memory");
        if (ws + guest.ResidentPages > guest.Pages)
            throw guestSec.Error(guestSec.Scalar("resident")!, "resident", $"resident footprint ({guest.ResidentPages} pages) plus the working set ({ws} pages) exceed guest memory ({guest.Pages} pages); lower one of them");

        var input = new SimulationInput
        {
            Name = name,
            Seed = seed,
            Guest = guest,
            Workload = workload,
            Link = link,
            Type = type,
            Policy = policy,
            Parameters = parameters,
            Postcopy = postcopy,
            Host = host,
            SampleInterval = sampleInterval,
        };
        InputLimits.Check(input, file, key => Locate(node, key));
        return new Scenario(name, file, text, input) { Description = description, Features = features };
    }

    // Every key a workload section may hold (for did-you-mean): the ones every kind has, and each kind's own.
    private static readonly string[] WorkloadKeys =
        [.. new[] { "kind", "read-ratio", "pacing", "max-lag", "max-rate", "warmup", "bytes-per-write" }.Union(WorkloadRegistry.BuiltIn.All.SelectMany(d => d.Options.Select(o => o.Key)))];

    private static readonly string[] PhaseKeys =
        [.. new[] { "kind", "duration", "read-ratio" }.Union(WorkloadRegistry.BuiltIn.All.SelectMany(d => d.Options.Select(o => o.Key)))];

    private static readonly string[] MigrationKeys =
    [
        "type", "policy", "downtime-limit", "max-bandwidth", "max-postcopy-bandwidth", "auto-converge", "throttle-trigger-threshold",
        "cpu-throttle-initial", "cpu-throttle-increment", "cpu-throttle-tailslow", "max-cpu-throttle", "max-iterations", "max-time", "postcopy", "switch",
    ];

    /// <summary>The top-level keys of a scenario file.</summary>
    public static readonly string[] RootKeys = ["name", "description", "seed", "guest", "workload", "network", "migration", "host", "simulation"];

    /// <summary>The scenario's name (it names the output folder): the name key, else the file name.</summary>
    public static string Name(YamlSection root, string file)
    {
        var node = root.Scalar("name");
        string name = node?.Value ?? Path.GetFileNameWithoutExtension(file);
        if (OutputName.Problem(name) is not { } problem) return name;
        throw node is not null
            ? root.Error(node, "name", $"'{Excerpt.Of(name)}' {problem}")
            : new ScenarioException(file, 0, 0, "name", $"the file name gives the name '{Excerpt.Of(name)}', which {problem}; add a name: key");
    }

    /// <summary>Line and column of a dotted key in a scenario tree, or (0, 0) when it is not there.</summary>
    public static (int Line, int Column) Locate(YamlMappingNode root, string dottedKey)
    {
        YamlNode? node = root;
        foreach (string part in dottedKey.Split('.'))
        {
            if (node is not YamlMappingNode map) return (0, 0);
            node = map.Children.FirstOrDefault(kv => kv.Key is YamlScalarNode { Value: var k } && k == part).Value;
        }
        return node is null ? (0, 0) : ((int)node.Start.Line, (int)node.Start.Column);
    }

    internal static GuestSpec ParseGuest(YamlSection s)
    {
        s.Expect("memory", "page-size", "resident");
        long memory = s.Required<long>("memory", UnitParser.ParseSize, "4GiB");
        if (memory <= 0) throw s.Error(s.Scalar("memory")!, "memory", "must be greater than zero");
        long pageSize = s.Parse<long>("page-size", UnitParser.ParseSize) ?? 4096;
        if (pageSize < 512 || pageSize > (1L << 30) || (pageSize & (pageSize - 1)) != 0)
            throw s.Error(s.Scalar("page-size")!, "page-size", $"{pageSize} B is not allowed; use a power of two from 512B to 1GiB (QEMU's x86 page is 4KiB)");
        if (memory % pageSize != 0)
            throw s.Error(s.Scalar("memory")!, "memory", $"{memory} B is not a whole number of {pageSize} B pages");
        long resident = s.Parse<long>("resident", UnitParser.ParseSize) ?? 0;
        if (resident > memory) throw s.Error(s.Scalar("resident")!, "resident", "is larger than guest.memory");
        s.RejectUnknownKeys();
        return new GuestSpec(memory, (int)pageSize, resident);
    }

    /// <summary>
    /// <paramref name="p"/> with what the guest program's pages compress to under multifd
    /// compression, which follows from what <paramref name="workload"/> writes (unchanged without
    /// multifd). Scenarios and fleet guests alike.
    /// </summary>
    internal static MigrationParameters WithProgramPageCompression(MigrationParameters p, WorkloadSpec workload, GuestSpec guest) =>
        p.Multifd is { } m
            ? p with { Multifd = Compression.WorkloadPageCompression.Apply(m, workload.BytesPerWrite, guest.PageSizeBytes, guest.ResidentPages, workload.WorkingSetPages) }
            : p;

    /// <summary>
    /// workload.kind names a registered kind (<see cref="WorkloadRegistry"/>), which reads its own
    /// keys; a key that belongs to another kind is refused with that kind's name. The keys every
    /// kind has (read-ratio; at the top: pacing, max-lag, max-rate, warmup, bytes-per-write) are read here.
    /// </summary>
    internal static WorkloadSpec ParseWorkload(YamlSection s, int pageSize, long? inheritedWorkingSetPages, bool isPhase)
    {
        var kinds = WorkloadRegistry.BuiltIn;
        s.Expect(isPhase ? PhaseKeys : WorkloadKeys);
        string kind = s.Choice("kind", [.. kinds.Names]) ?? throw s.Missing("kind", string.Join("|", kinds.Names));
        var definition = kinds.Get(kind);
        foreach (var other in kinds.All)
            foreach (var o in other.Options)
                if (definition.Options.All(x => x.Key != o.Key) && s.Has(o.Key))
                {
                    var owners = kinds.All.Where(d => d.Options.Any(x => x.Key == o.Key)).Select(d => d.Name);
                    throw s.Error((YamlNode?)s.Scalar(o.Key) ?? s.Node, o.Key, $"applies to kind: {string.Join(" or ", owners)} only (this workload's kind is {kind})");
                }
        var settings = new YamlWorkloadSettings(s, pageSize, inheritedWorkingSetPages, isPhase, (ps, ws) => ParseWorkload(ps, pageSize, ws, isPhase: true));
        var spec = definition.Parse(settings);
        double readRatio = s.Number("read-ratio", 0, 0.99) ?? 0;
        spec = spec with { ReadRatio = readRatio };
        if (!isPhase)
        {
            var pacing = s.Choice("pacing", "cpu", "clock") == "clock" ? Pacing.Clock : Pacing.Cpu;
            long? maxLag = s.Parse<long>("max-lag", UnitParser.ParseDuration);
            double? maxRate = s.Parse<double>("max-rate", (string t, out string e) => UnitParser.ParsePageRate(t, pageSize, out e));
            long? warmup = s.Parse<long>("warmup", UnitParser.ParseDuration);
            long? bytesPerWrite = s.Parse<long>("bytes-per-write", UnitParser.ParseSize);
            if (bytesPerWrite is { } bpw && (bpw < 8 || bpw > pageSize || bpw % 8 != 0))
                throw s.Error(s.Scalar("bytes-per-write")!, "bytes-per-write", $"{bpw} B is not allowed; use a multiple of 8B from 8B (one counter word, the default) to the page size ({pageSize}B)");
            if (pacing == Pacing.Cpu && (maxLag is not null || maxRate is not null))
                throw s.Error(s.Scalar(maxLag is not null ? "max-lag" : "max-rate")!, maxLag is not null ? "max-lag" : "max-rate", "applies to pacing: clock only");
            if (maxRate is <= 0) throw s.Error(s.Scalar("max-rate")!, "max-rate", "must be greater than zero");
            spec = spec with
            {
                Pacing = pacing,
                MaxLagSeconds = maxLag is { } l ? l / 1e9 : spec.MaxLagSeconds,
                MaxRatePagesPerSecond = maxRate ?? spec.MaxRatePagesPerSecond,
                WarmupNanoseconds = warmup ?? 0,
                BytesPerWrite = (int)(bytesPerWrite ?? WorkloadSpec.DefaultBytesPerWrite),
            };
            // A duration outside a phase would be silently ignored: it belongs to phases only.
            if (s.Scalar("duration") is { } stray)
                throw s.Error(stray, "duration", $"applies to the phases of a phased workload only (this workload is {kind}); remove it, or use kind: phased with phases: [...]");
        }
        s.RejectUnknownKeys();
        return spec;
    }

    private static Link ParseNetwork(YamlSection s)
    {
        s.Expect("bandwidth", "latency");
        double bandwidth = s.Required<double>("bandwidth", UnitParser.ParseRate, "10Gbit/s");
        if (!(bandwidth > 0) || double.IsInfinity(bandwidth))
            throw s.Error(s.Scalar("bandwidth")!, "bandwidth", "must be a finite rate greater than zero (the link's real speed)");
        long latency = s.Parse<long>("latency", UnitParser.ParseDuration) ?? 100_000;
        if (latency > InputLimits.MaxLatency.Nanoseconds)
            throw s.Error(s.Scalar("latency")!, "latency", $"must be at most {InputLimits.MaxLatency} (one way; every postcopy fault waits a round trip)");
        s.RejectUnknownKeys();
        return new Link(bandwidth, new SimTime(latency));
    }

    internal static (MigrationType, MigrationParameters) ParseMigration(YamlSection? s, List<FeatureSetting> features)
    {
        if (s is null) return (MigrationType.Live, new MigrationParameters());
        var type = s.Choice("type", "live", "online", "offline") switch
        {
            "online" => MigrationType.Online,
            "offline" => MigrationType.Offline,
            _ => MigrationType.Live,
        };

        var p = new MigrationParameters();
        long? downtime = s.Parse<long>("downtime-limit", UnitParser.ParseDuration);
        s.Expect(MigrationKeys);
        if (downtime is { } d)
        {
            if (d <= 0 || d > 2_000_000L * 1_000_000) throw s.Error(s.Scalar("downtime-limit")!, "downtime-limit", "must be greater than 0 and at most 2000s (QEMU's range)");
            p = p with { DowntimeLimit = new SimTime(d) };
        }
        double? maxBw = s.Parse<double>("max-bandwidth", UnitParser.ParseRate);
        if (maxBw is { } mb)
        {
            if (!(mb > 0)) throw s.Error(s.Scalar("max-bandwidth")!, "max-bandwidth", "must be greater than zero, or 'unlimited'");
            p = p with { MaxBandwidthBytesPerSecond = mb };
        }
        double? maxPostBw = s.Parse<double>("max-postcopy-bandwidth", UnitParser.ParseRate);
        if (maxPostBw is { } mpb)
        {
            if (!(mpb > 0)) throw s.Error(s.Scalar("max-postcopy-bandwidth")!, "max-postcopy-bandwidth", "must be greater than zero, or 'unlimited'");
            p = p with { MaxPostcopyBandwidthBytesPerSecond = mpb };
        }
        var ac = new AutoConvergeParameters
        {
            Enabled = s.Bool("auto-converge") ?? false,
            TriggerThresholdPercent = (int)(s.Integer("throttle-trigger-threshold", 1, 100) ?? 50),
            InitialPercent = (int)(s.Integer("cpu-throttle-initial", 1, 99) ?? 20),
            IncrementPercent = (int)(s.Integer("cpu-throttle-increment", 1, 99) ?? 10),
            Tailslow = s.Bool("cpu-throttle-tailslow") ?? false,
            MaxPercent = (int)(s.Integer("max-cpu-throttle", 1, 99) ?? 99),
        };
        p = p with
        {
            AutoConverge = ac,
            MaxIterations = (int)(s.Integer("max-iterations", 0, int.MaxValue) ?? 0),
        };
        long? maxTime = s.Parse<long>("max-time", UnitParser.ParseDuration);
        if (maxTime is { } mt)
        {
            if (mt <= 0 || mt > InputLimits.MaxMigrationTime.Nanoseconds)
                throw s.Error(s.Scalar("max-time")!, "max-time", $"must be greater than zero and at most {InputLimits.MaxMigrationTime.Seconds / 3600:0} h");
            p = p with { MaxTime = new SimTime(mt) };
        }
        p = ParseFeatures(s, p, features);
        if (p.MaxIterations == 1)
            throw s.Error(s.Scalar("max-iterations")!, "max-iterations", "1 would stop before the first pass; use 0 (no limit) or 2 and more");
        return (type, p);
    }

    /// <summary>
    /// The capabilities and parameters newer deployments turn on, under their QEMU names
    /// (qapi/migration.json at v7.2.0 and v10.0.0); defaults are QEMU's. Combinations QEMU 10
    /// refuses are refused here too (7.2 accepts some of them and silently does something else).
    /// </summary>
    private static MigrationParameters ParseFeatures(YamlSection s, MigrationParameters p, List<FeatureSetting> features)
    {
        void Note(string key, bool simulated)
        {
            var node = s.Scalar(key)!;
            features.Add(new FeatureSetting(s.KeyPath(key), (int)node.Start.Line, (int)node.Start.Column, simulated));
        }
        ScenarioException OnlyWith(string key, string needed) => s.Error(s.Scalar(key)!, key, $"applies with {needed} only");

        bool xbzrle = s.Bool("xbzrle") ?? false;
        long? cache = s.Parse<long>("xbzrle-cache-size", UnitParser.ParseSize);
        if (cache is not null && !xbzrle) throw OnlyWith("xbzrle-cache-size", "xbzrle: true");
        if (cache is { } c && (c < 4096 || (c & (c - 1)) != 0))
            throw s.Error(s.Scalar("xbzrle-cache-size")!, "xbzrle-cache-size", $"{c} B is not allowed; QEMU wants a power of two of at least 4KiB, e.g. 64MiB (its default)");
        if (xbzrle)
        {
            p = p with { Xbzrle = new XbzrleParameters { CacheSizeBytes = cache ?? XbzrleParameters.DefaultCacheSizeBytes } };
            Note("xbzrle", true);
            if (cache is not null) Note("xbzrle-cache-size", true);
        }

        bool multifd = s.Bool("multifd") ?? false;
        long? channels = s.Integer("multifd-channels", 1, 255);
        string? compression = s.Choice("multifd-compression", "none", "zlib", "zstd");
        long? zlib = s.Integer("multifd-zlib-level", 0, 9);
        long? zstd = s.Integer("multifd-zstd-level", 0, 20);
        string[] multifdKeys = ["multifd-channels", "multifd-compression", "multifd-zlib-level", "multifd-zstd-level"];
        if (!multifd && multifdKeys.FirstOrDefault(k => s.Scalar(k) is not null) is { } stray) throw OnlyWith(stray, "multifd: true");
        if (zlib is not null && compression != "zlib") throw OnlyWith("multifd-zlib-level", "multifd-compression: zlib");
        if (zstd is not null && compression != "zstd") throw OnlyWith("multifd-zstd-level", "multifd-compression: zstd");
        if (multifd)
        {
            if (xbzrle)
                throw s.Error(s.Scalar("multifd")!, "multifd", "cannot be combined with xbzrle (QEMU 10 refuses it; 7.2 would send the multifd pages without xbzrle); keep one of them");
            p = p with
            {
                Multifd = new MultifdParameters
                {
                    Channels = (int)(channels ?? 2),
                    Compression = compression switch { "zlib" => MultifdCompression.Zlib, "zstd" => MultifdCompression.Zstd, _ => MultifdCompression.None },
                    ZlibLevel = (int)(zlib ?? 1),
                    ZstdLevel = (int)(zstd ?? 1),
                },
            };
            Note("multifd", true);
            foreach (var k in multifdKeys.Where(k => s.Scalar(k) is not null)) Note(k, true);
        }

        if (s.Choice("zero-page-detection", "none", "legacy", "multifd") is { } zero)
        {
            var detection = zero switch { "none" => ZeroPageDetection.None, "legacy" => ZeroPageDetection.Legacy, _ => ZeroPageDetection.Multifd };
            p = p with { ZeroPageDetection = detection };
            Note("zero-page-detection", true);
        }

        if (s.Parse<double>("avail-switchover-bandwidth", UnitParser.ParseRate) is { } avail)
        {
            if (!(avail > 0) || double.IsInfinity(avail))
                throw s.Error(s.Scalar("avail-switchover-bandwidth")!, "avail-switchover-bandwidth", "must be a finite rate greater than zero (leave the key out for QEMU's measured bandwidth)");
            p = p with { AvailSwitchoverBandwidthBytesPerSecond = avail };
            Note("avail-switchover-bandwidth", true);
        }

        bool dirtyLimit = s.Bool("dirty-limit") ?? false;
        double? vcpuLimit = s.Parse<double>("vcpu-dirty-limit", UnitParser.ParseRate);
        long? period = s.Parse<long>("x-vcpu-dirty-limit-period", UnitParser.ParseDuration);
        if (!dirtyLimit && vcpuLimit is not null) throw OnlyWith("vcpu-dirty-limit", "dirty-limit: true");
        if (!dirtyLimit && period is not null) throw OnlyWith("x-vcpu-dirty-limit-period", "dirty-limit: true");
        const double MiB = 1 << 20;
        if (vcpuLimit is { } vl && (vl < MiB || double.IsInfinity(vl) || Math.Abs(vl / MiB - Math.Round(vl / MiB)) > 1e-9))
            throw s.Error(s.Scalar("vcpu-dirty-limit")!, "vcpu-dirty-limit", "must be a whole number of MiB/s, at least 1MiB/s (QEMU takes whole \"MB/s\", which are MiB/s)");
        if (period is { } pd && (pd < 1_000_000 || pd > 1_000_000_000 || pd % 1_000_000 != 0))
            throw s.Error(s.Scalar("x-vcpu-dirty-limit-period")!, "x-vcpu-dirty-limit-period", "must be a whole number of ms from 1ms to 1000ms");
        if (dirtyLimit)
        {
            if (p.AutoConverge.Enabled)
                throw s.Error(s.Scalar("dirty-limit")!, "dirty-limit", "cannot be combined with auto-converge (QEMU: \"dirty-limit conflicts with auto-converge\"); keep one of them");
            var dl = new DirtyLimitParameters();
            p = p with
            {
                DirtyLimit = dl with
                {
                    VcpuDirtyLimitBytesPerSecond = vcpuLimit ?? dl.VcpuDirtyLimitBytesPerSecond,
                    Period = period is { } x ? new SimTime(x) : dl.Period,
                },
            };
            // Modelled from the source (DirtyLimit), not validated: TCG has no dirty ring.
            Note("dirty-limit", true);
            if (vcpuLimit is not null) Note("vcpu-dirty-limit", true);
            if (period is not null) Note("x-vcpu-dirty-limit-period", true);
        }

        return p;
    }

    /// <summary>
    /// migration.policy names a registered policy; the policy reads its own keys (e.g. hybrid's
    /// switch), and a key that belongs to another policy is refused with that policy's name.
    /// </summary>
    internal static (PolicySpec, PostcopyParameters) ParsePolicy(YamlSection? s, MigrationType type, PolicyRegistry registry)
    {
        string name = s?.String("policy")?.Trim().ToLowerInvariant() ?? "precopy";
        if (!registry.TryGet(name, out var definition))
        {
            string hint = Suggestions.NearestName.Suggest(name, registry.Names) is { } near ? $" (did you mean '{near}'?)" : "";
            throw s!.Error(s.Scalar("policy")!, "policy",
                $"unknown policy '{name}'{hint}; allowed values: {string.Join(", ", registry.Names)} (a policy from a plug-in needs --plugin PATH.dll)");
        }
        if (s is not null)
        {
            foreach (var o in definition.Options) s.Has(o.Key);
            foreach (var other in registry.All)
            {
                if (other == definition) continue;
                foreach (var o in other.Options)
                {
                    if (definition.Options.Any(x => x.Key == o.Key)) continue;
                    var settingsOfOther = new YamlPolicySettings(s, s.Path, null);
                    if (settingsOfOther.Has(o.Key))
                        throw settingsOfOther.Error(o.Key, $"applies to policy: {other.Name} only (this scenario's policy is {name})");
                }
            }
        }
        var settings = new YamlPolicySettings(s, s?.Path ?? "migration", null);
        PolicySpec spec = definition.Parse(settings);
        settings.Close();
        if (spec.UsesPostcopy && type != MigrationType.Live)
            throw s!.Error(s.Scalar("policy")!, "policy",
                $"{name} needs type: live (the guest must run on the destination while its memory follows); with type {type.ToString().ToLowerInvariant()} use policy: precopy");

        var pc = new PostcopyParameters();
        var ps = s?.Section("postcopy");
        if (ps is not null)
        {
            if (!spec.UsesPostcopy)
                throw ps.ErrorHere($"postcopy settings need a policy that switches to postcopy ({string.Join(", ", registry.All.Where(d => d.Name != name).Select(d => d.Name).Order(StringComparer.Ordinal))}); this scenario's policy is {name}");
            pc = pc with
            {
                PageFaults = ps.Choice("page-faults", "sync", "async") == "async" ? PageFaultMode.Asynchronous : PageFaultMode.Synchronous,
                GuestTasks = (int)(ps.Integer("guest-tasks", 1, 100_000) ?? 1),
                Prepage = (int)(ps.Integer("prepage", 0, 1_000_000) ?? 0),
                Preempt = ps.Bool("preempt") ?? false,
            };
            if (pc.PageFaults == PageFaultMode.Asynchronous && !ps.Has("guest-tasks"))
                pc = pc with { GuestTasks = 4 };
            ps.RejectUnknownKeys();
        }
        return (spec, pc);
    }

    /// <summary>Reads a `host:` section (of a scenario or a profile file); defaults fill what it does not set.</summary>
    public static HostProfile ParseHost(YamlSection s)
    {
        var h = new HostProfile();
        if (s.Choice("qemu-version", QemuVersion.Known.Select(v => v.Release).ToArray()) is { } release)
            h = h with { Qemu = QemuVersion.TryParse(release)!.Value };
        SimTime Dur(string key, SimTime dflt, SimTime? max = null)
        {
            long? v = s.Parse<long>(key, UnitParser.ParseDuration);
            if (v > max?.Nanoseconds) throw s.Error(s.Scalar(key)!, key, $"must be at most {max}");
            return v is { } x ? new SimTime(x) : dflt;
        }
        h = h with
        {
            SetupTime = Dur("setup-time", h.SetupTime),
            SwitchoverCost = Dur("switchover-cost", h.SwitchoverCost),
            PageScanTime = Dur("page-scan-time", h.PageScanTime),
            ZeroPageTime = Dur("zero-page-time", h.ZeroPageTime, InputLimits.MaxLatency),
            ExtraRamBytes = s.Parse<long>("extra-ram", UnitParser.ParseSize) ?? 0,
            SocketBufferBytes = s.Parse<long>("socket-buffer", UnitParser.ParseSize) ?? h.SocketBufferBytes,
            EffectiveBandwidthBytesPerSecond = PositiveRate("effective-bandwidth"),
            StoppedBandwidthBytesPerSecond = PositiveRate("stopped-bandwidth"),
            MultifdCores = s.Number("multifd-cores", 1, 1024) ?? h.MultifdCores,
            ImageDensity = s.Number("image-density", HostProfile.MinImageDensity, 1) ?? h.ImageDensity,
            ImageTopShare = s.Number("image-top-share", 0, HostProfile.MaxImageTopShare) ?? h.ImageTopShare,
            MultifdZlibPageTime = Dur("multifd-zlib-page-time", h.MultifdZlibPageTime, InputLimits.MaxLatency),
            MultifdZstdPageTime = Dur("multifd-zstd-page-time", h.MultifdZstdPageTime, InputLimits.MaxLatency),
            MultifdZlibImagePageBytes = s.Number("multifd-zlib-image-page-bytes", 0, 65536),
            MultifdZstdImagePageBytes = s.Number("multifd-zstd-image-page-bytes", 0, 65536),
            ImageFootprintBytes = s.Parse<long>("image-footprint", UnitParser.ParseSize) ?? 0,
            ImageFootprintPerGiBBytes = s.Parse<long>("image-footprint-per-gib", UnitParser.ParseSize) ?? 0,
            ImageReusableBytes = s.Parse<long>("image-reusable", UnitParser.ParseSize) ?? 0,
            BackgroundDirtyRatePagesPerSecond = s.Parse<double>("background-dirty-rate", (string t, out string e) => UnitParser.ParsePageRate(t, 4096, out e)) ?? 0,
            FaultServiceTime = Dur("fault-service-time", h.FaultServiceTime, InputLimits.MaxLatency),
            DestinationResumeTime = Dur("destination-resume-time", h.DestinationResumeTime, InputLimits.MaxLatency),
            DiscardRangeTime = Dur("discard-range-time", h.DiscardRangeTime, InputLimits.MaxLatency),
            PostcopyResumeTime = s.Has("postcopy-resume-time") ? Dur("postcopy-resume-time", SimTime.Zero, InputLimits.MaxLatency) : null,
            FaultServiceTimeUnlimited = s.Has("fault-service-time-unlimited") ? Dur("fault-service-time-unlimited", SimTime.Zero, InputLimits.MaxLatency) : null,
        };
        double? PositiveRate(string key)
        {
            double? v = s.Parse<double>(key, UnitParser.ParseRate);
            if (v is { } x && !(x > 0 && !double.IsInfinity(x))) throw s.Error(s.Scalar(key)!, key, "must be a finite rate greater than zero");
            return v;
        }
        s.RejectUnknownKeys();
        return h;
    }
}
