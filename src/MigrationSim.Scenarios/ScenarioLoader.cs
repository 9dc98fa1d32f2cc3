using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;
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
    public static readonly string[] WorkloadKinds = ["idle", "uniform", "hotspot", "sequential", "zipf", "phased"];

    /// <param name="path">The scenario file.</param>
    /// <param name="policies">Policies that <c>migration.policy</c> may name; null = QEMU's built-in ones.</param>
    public static Scenario LoadFile(string path, PolicyRegistry? policies = null) => Parse(ReadFile(path, "scenario file"), path, policies);

    /// <summary>The text of a file the user named, or a <see cref="ScenarioException"/> saying why it cannot be read.</summary>
    internal static string ReadFile(string path, string what)
    {
        try { return File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, 0, 0, null, $"cannot read the {what}: {e.Message}");
        }
    }

    public static Scenario Parse(string text, string file, PolicyRegistry? policies = null)
    {
        var root = LoadRoot(text, file);
        return FromNode(root, file, text, policies);
    }

    public static YamlMappingNode LoadRoot(string text, string file)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(text)); }
        catch (YamlException e)
        {
            string msg = e.InnerException?.Message ?? e.Message;
            // YamlDotNet prefixes its own position; ours is in front already.
            int paren = msg.IndexOf("): ", StringComparison.Ordinal);
            if (msg.StartsWith("(Line", StringComparison.Ordinal) && paren > 0) msg = msg[(paren + 3)..];
            throw new ScenarioException(file, (int)e.Start.Line, (int)e.Start.Column, null, $"YAML syntax error: {msg}");
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

    public static Scenario FromNode(YamlMappingNode node, string file, string text, PolicyRegistry? policies = null)
    {
        var root = new YamlSection(node, file, "");
        string name = root.String("name") ?? Path.GetFileNameWithoutExtension(file);
        string? description = root.String("description");
        ulong seed = (ulong)(root.Integer("seed", 0, long.MaxValue) ?? 1);

        var guestSec = root.Section("guest") ?? throw root.Missing("guest", "{ memory: 4GiB }");
        var guest = ParseGuest(guestSec);
        var workloadSec = root.Section("workload");
        var workload = workloadSec is null ? new IdleWorkloadSpec() : ParseWorkload(workloadSec, guest.PageSizeBytes, null);
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
            if (sampleInterval <= SimTime.Zero) throw simSec.Error(simSec.Scalar("sample-interval")!, "sample-interval", "must be > 0");
            simSec.RejectUnknownKeys();
        }
        root.RejectUnknownKeys();

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
        return new Scenario(name, file, text, input) { Description = description, Features = features };
    }

    private static GuestSpec ParseGuest(YamlSection s)
    {
        long memory = s.Required<long>("memory", UnitParser.ParseSize, "4GiB");
        if (memory <= 0) throw s.Error(s.Scalar("memory")!, "memory", "must be greater than zero");
        long pageSize = s.Parse<long>("page-size", UnitParser.ParseSize) ?? 4096;
        if (pageSize < 512 || pageSize > (1L << 30) || (pageSize & (pageSize - 1)) != 0)
            throw s.Error(s.Scalar("page-size")!, "page-size", $"{pageSize} B is not allowed; use a power of two from 512B to 1GiB (QEMU's x86 page is 4KiB)");
        if (memory % pageSize != 0)
            throw s.Error(s.Scalar("memory")!, "memory", $"{memory} B is not a whole number of {pageSize} B pages");
        long resident = s.Parse<long>("resident", UnitParser.ParseSize) ?? 0;
        if (resident < 0) throw s.Error(s.Scalar("resident")!, "resident", "must be zero or more");
        if (resident > memory) throw s.Error(s.Scalar("resident")!, "resident", "is larger than guest.memory");
        s.RejectUnknownKeys();
        return new GuestSpec(memory, (int)pageSize, resident);
    }

    private static WorkloadSpec ParseWorkload(YamlSection s, int pageSize, long? inheritedWorkingSetPages)
    {
        string kind = s.Choice("kind", WorkloadKinds) ?? throw s.Missing("kind", string.Join("|", WorkloadKinds));
        long? wsBytes = s.Parse<long>("working-set", UnitParser.ParseSize);
        if (wsBytes is <= 0) throw s.Error(s.Scalar("working-set")!, "working-set", "must be greater than zero");
        long? wsPages = wsBytes is { } b ? (b + pageSize - 1) / pageSize : inheritedWorkingSetPages;
        double? rate = s.Parse<double>("rate", (string t, out string e) => UnitParser.ParsePageRate(t, pageSize, out e));
        if (rate is < 0) throw s.Error(s.Scalar("rate")!, "rate", "must be zero or more");

        long Ws() => wsPages ?? throw s.Missing("working-set", "1GiB");
        double Rate() => rate ?? throw s.Missing("rate", "20000 pages/s");

        WorkloadSpec spec;
        switch (kind)
        {
            case "idle":
                spec = new IdleWorkloadSpec();
                break;
            case "uniform":
                spec = new UniformWorkloadSpec(Ws(), Rate());
                break;
            case "sequential":
                spec = new SequentialWorkloadSpec(Ws(), Rate());
                break;
            case "hotspot":
                double hf = s.Number("hot-fraction", 0, 1) ?? throw s.Missing("hot-fraction", "0.1");
                double hs = s.Number("hot-share", 0, 1) ?? throw s.Missing("hot-share", "0.9");
                if (hf <= 0 || hf >= 1) throw s.Error(s.Scalar("hot-fraction")!, "hot-fraction", "must be strictly between 0 and 1");
                spec = new HotspotWorkloadSpec(Ws(), Rate(), hf, hs);
                break;
            case "zipf":
                double exponent = s.Number("exponent", 1e-6, 20) ?? 1.0;
                spec = new ZipfWorkloadSpec(Ws(), Rate(), exponent);
                break;
            case "phased":
                var phases = new List<WorkloadPhase>();
                var list = s.SectionList("phases");
                if (list.Count == 0) throw s.Missing("phases", "[{ kind: uniform, duration: 5s, rate: 20000 pages/s }, { kind: idle, duration: 5s }]");
                foreach (var ps in list)
                {
                    long duration = ps.Required<long>("duration", UnitParser.ParseDuration, "5s");
                    if (duration <= 0) throw ps.Error(ps.Scalar("duration")!, "duration", "must be greater than zero");
                    var inner = ParseWorkload(ps, pageSize, wsPages);
                    if (inner is PhasedWorkloadSpec) throw ps.Error(ps.Node, "kind", "a phase cannot itself be phased");
                    phases.Add(new WorkloadPhase(duration, inner));
                }
                spec = new PhasedWorkloadSpec(phases);
                break;
            default:
                throw s.Error(s.Node, "kind", $"allowed values: {string.Join(", ", WorkloadKinds)}");
        }
        double readRatio = s.Number("read-ratio", 0, 0.99) ?? 0;
        spec = spec with { ReadRatio = readRatio };
        if (inheritedWorkingSetPages is null)
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
            if (maxLag is < 0) throw s.Error(s.Scalar("max-lag")!, "max-lag", "must be zero or more");
            if (maxRate is <= 0) throw s.Error(s.Scalar("max-rate")!, "max-rate", "must be greater than zero");
            if (warmup is < 0) throw s.Error(s.Scalar("warmup")!, "warmup", "must be zero or more");
            spec = spec with
            {
                Pacing = pacing,
                MaxLagSeconds = maxLag is { } l ? l / 1e9 : spec.MaxLagSeconds,
                MaxRatePagesPerSecond = maxRate ?? spec.MaxRatePagesPerSecond,
                WarmupNanoseconds = warmup ?? 0,
                BytesPerWrite = (int)(bytesPerWrite ?? WorkloadSpec.DefaultBytesPerWrite),
            };
        }
        // Keys that belong to other kinds are not silently ignored.
        if (kind != "phased") s.Has("duration");
        s.RejectUnknownKeys();
        return spec;
    }

    private static Link ParseNetwork(YamlSection s)
    {
        double bandwidth = s.Required<double>("bandwidth", UnitParser.ParseRate, "10Gbit/s");
        if (!(bandwidth > 0) || double.IsInfinity(bandwidth))
            throw s.Error(s.Scalar("bandwidth")!, "bandwidth", "must be a finite rate greater than zero (the link's real speed)");
        long latency = s.Parse<long>("latency", UnitParser.ParseDuration) ?? 100_000;
        if (latency < 0) throw s.Error(s.Scalar("latency")!, "latency", "must be zero or more");
        s.RejectUnknownKeys();
        return new Link(bandwidth, new SimTime(latency));
    }

    private static (MigrationType, MigrationParameters) ParseMigration(YamlSection? s, List<FeatureSetting> features)
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
            if (mt <= 0) throw s.Error(s.Scalar("max-time")!, "max-time", "must be greater than zero");
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
            Note("multifd", false);
            foreach (var k in multifdKeys.Where(k => s.Scalar(k) is not null)) Note(k, false);
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
    private static (PolicySpec, PostcopyParameters) ParsePolicy(YamlSection? s, MigrationType type, PolicyRegistry registry)
    {
        string name = s?.String("policy")?.Trim().ToLowerInvariant() ?? "precopy";
        if (!registry.TryGet(name, out var definition))
        {
            string? near = registry.Names.MinBy(n => YamlSection.Distance(n, name));
            string hint = near is not null && YamlSection.Distance(near, name) <= Math.Max(2, name.Length / 3) ? $" (did you mean '{near}'?)" : "";
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
        SimTime Dur(string key, SimTime dflt)
        {
            long? v = s.Parse<long>(key, UnitParser.ParseDuration);
            if (v is < 0) throw s.Error(s.Scalar(key)!, key, "must be zero or more");
            return v is { } x ? new SimTime(x) : dflt;
        }
        h = h with
        {
            SetupTime = Dur("setup-time", h.SetupTime),
            SwitchoverCost = Dur("switchover-cost", h.SwitchoverCost),
            PageScanTime = Dur("page-scan-time", h.PageScanTime),
            ExtraRamBytes = s.Parse<long>("extra-ram", UnitParser.ParseSize) ?? 0,
            SocketBufferBytes = s.Parse<long>("socket-buffer", UnitParser.ParseSize) ?? h.SocketBufferBytes,
            EffectiveBandwidthBytesPerSecond = PositiveRate("effective-bandwidth"),
            StoppedBandwidthBytesPerSecond = PositiveRate("stopped-bandwidth"),
            ImageFootprintBytes = s.Parse<long>("image-footprint", UnitParser.ParseSize) ?? 0,
            ImageFootprintPerGiBBytes = s.Parse<long>("image-footprint-per-gib", UnitParser.ParseSize) ?? 0,
            ImageReusableBytes = s.Parse<long>("image-reusable", UnitParser.ParseSize) ?? 0,
            BackgroundDirtyRatePagesPerSecond = s.Parse<double>("background-dirty-rate", (string t, out string e) => UnitParser.ParsePageRate(t, 4096, out e)) ?? 0,
            FaultServiceTime = Dur("fault-service-time", h.FaultServiceTime),
            DestinationResumeTime = Dur("destination-resume-time", h.DestinationResumeTime),
            DiscardRangeTime = Dur("discard-range-time", h.DiscardRangeTime),
            FaultServiceTimeUnlimited = s.Has("fault-service-time-unlimited") ? Dur("fault-service-time-unlimited", SimTime.Zero) : null,
        };
        double? PositiveRate(string key)
        {
            double? v = s.Parse<double>(key, UnitParser.ParseRate);
            if (v is { } x && !(x > 0 && !double.IsInfinity(x))) throw s.Error(s.Scalar(key)!, key, "must be a finite rate greater than zero");
            return v;
        }
        if (h.ImageFootprintBytes < 0 || h.ImageFootprintPerGiBBytes < 0)
            throw s.ErrorHere("image-footprint and image-footprint-per-gib must be zero or more");
        if (h.ExtraRamBytes < 0) throw s.Error(s.Scalar("extra-ram")!, "extra-ram", "must be zero or more");
        s.RejectUnknownKeys();
        return h;
    }
}
