using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;
using MigrationSim.Scenarios;
using MigrationSim.Traces.Format;

namespace MigrationSim.Traces.Capture;

/// <summary>
/// Realises a scenario on real QEMU: the same guest size, workload, migration parameters and
/// switch rule, as a <see cref="CapturePlan"/>. What real QEMU on loopback cannot reproduce, and
/// what the chosen QEMU version does not have, is refused (with the scenario key) or reported as a note.
/// Plain mapping, no I/O: it runs on any OS; running the plan needs Linux (MigrationSim.Qemu).
/// </summary>
public static class CapturePlanner
{
    /// <param name="scenario">The scenario to realise.</param>
    /// <param name="version">The QEMU that will run it (the release asked for, or what a binary says it is): every setting is checked against it.</param>
    public static CapturePlan Build(Scenario scenario, QemuVersion version)
    {
        var i = scenario.Input;
        var notes = new List<string>();
        ScenarioException Refuse(string key, string why) => new(scenario.SourceFile, 0, 0, key, why);

        if (i.Type != MigrationType.Live)
            throw Refuse("migration.type", $"capture runs live migrations only; '{i.Type.ToString().ToLowerInvariant()}' has nothing to measure on real QEMU");
        if (i.Guest.PageSizeBytes != 4096)
            throw Refuse("guest.page-size", "x86 QEMU guests use 4KiB pages; remove the key or set 4KiB to capture");
        if (i.Guest.MemoryBytes % (1 << 20) != 0)
            throw Refuse("guest.memory", "must be a whole number of MiB for QEMU's -m");

        var workload = MapWorkload(i.Workload, i.Guest.ResidentPages, i.Seed, Refuse);
        if (i.Workload.Pacing == Pacing.Cpu && i.Workload.WorkingSetPages > 0 && i.Parameters.AutoConverge.Enabled)
            notes.Add("the guest program paces its writes by the clock and catches up after throttle sleeps; set workload.pacing: clock for the simulation to match");
        if (i.Workload.ReadRatio > 0)
            notes.Add($"workload.read-ratio {i.Workload.ReadRatio} is not reproduced: the guest program only writes");
        notes.Add("network.bandwidth and network.latency are not imposed: source and destination talk over loopback, limited by max-bandwidth and the host CPU");

        var p = i.Parameters;
        var ac = p.AutoConverge;
        var (capabilities, features) = MapFeatures(p);
        var qp = features with
        {
            DowntimeLimitMs = (long)Math.Round(p.DowntimeLimit.Milliseconds),
            MaxBandwidthBytesPerSecond = double.IsPositiveInfinity(p.MaxBandwidthBytesPerSecond)
                ? MigrateSetParameters.UnlimitedBytesPerSecond : (long)p.MaxBandwidthBytesPerSecond,
            MaxPostcopyBandwidthBytesPerSecond = double.IsPositiveInfinity(p.MaxPostcopyBandwidthBytesPerSecond)
                ? 0 : (long)p.MaxPostcopyBandwidthBytesPerSecond,
            ThrottleTriggerThresholdPercent = ac.TriggerThresholdPercent,
            CpuThrottleInitialPercent = ac.InitialPercent,
            CpuThrottleIncrementPercent = ac.IncrementPercent,
            CpuThrottleTailslow = ac.Tailslow,
            MaxCpuThrottlePercent = ac.MaxPercent,
        };
        var recipe = i.Policy.Qemu
            ?? throw Refuse("migration.policy", $"policy {i.Policy.Name} is a simulator policy: real QEMU has no such algorithm, so it cannot be captured");
        var rule = recipe.Switch is { } sw ? MapSwitch(sw, Refuse) : PostcopySwitchRule.Never;
        if (i.Policy.UsesPostcopy && (i.Postcopy.Prepage > 0 || i.Postcopy.Preempt || i.Postcopy.PageFaults == PageFaultMode.Asynchronous))
            notes.Add($"migration.postcopy prepage/preempt/async page faults are simulator settings; the capture runs QEMU {version.Release}'s defaults");
        if (p.DirtyLimit is not null)
            notes.Add("dirty-limit needs KVM's dirty ring: under TCG (the only accelerator that runs guests on these machines) the capture is refused, so nothing here validates it");

        var plan = new CapturePlan
        {
            MemoryBytes = i.Guest.MemoryBytes,
            Workload = workload,
            Capabilities = capabilities with { AutoConverge = ac.Enabled, PostcopyRam = recipe.PostcopyRam },
            Parameters = qp,
            PostcopySwitch = rule,
            TimeCap = TimeSpan.FromSeconds(Math.Min(p.MaxTime.Seconds, 600)),
            // The workload has run this long when migrate is issued (phased guests are that far into their cycle).
            SettleTime = i.Workload.WarmupNanoseconds > 0 ? TimeSpan.FromTicks(i.Workload.WarmupNanoseconds / 100) : TimeSpan.FromSeconds(1),
            ExtraFiles = new Dictionary<string, string> { [TraceFiles.Scenario] = scenario.SourceText },
        };
        if (p.MaxTime.Seconds > 600)
            notes.Add($"migration.max-time {p.MaxTime} is capped at 10 min for a capture");
        foreach (var (name, problem) in QemuFeatureRequirements.Missing(plan.Capabilities, plan.Parameters, version))
        {
            var at = scenario.Features.FirstOrDefault(f => f.QemuName == name);
            throw new ScenarioException(scenario.SourceFile, at?.Line ?? 0, at?.Column ?? 0, at?.Key ?? "migration." + name,
                $"{problem}; capture it with --qemu {QemuVersion.Known.First(v => v.CompareTo(QemuFeatureRequirements.Since[name]) >= 0).Release}");
        }
        return plan with { Notes = notes };
    }

    /// <summary>The scenario's feature settings under their QEMU names (they are the same names).</summary>
    private static (MigrationCapabilities, MigrateSetParameters) MapFeatures(Model.Migration.MigrationParameters p)
    {
        var caps = new MigrationCapabilities { Xbzrle = p.Xbzrle is not null, Multifd = p.Multifd is not null, DirtyLimit = p.DirtyLimit is not null };
        var qp = new MigrateSetParameters
        {
            XbzrleCacheSizeBytes = p.Xbzrle?.CacheSizeBytes,
            MultifdChannels = p.Multifd?.Channels,
            MultifdCompression = p.Multifd?.Compression.ToString().ToLowerInvariant(),
            MultifdZlibLevel = p.Multifd is { Compression: MultifdCompression.Zlib } z ? z.ZlibLevel : null,
            MultifdZstdLevel = p.Multifd is { Compression: MultifdCompression.Zstd } zs ? zs.ZstdLevel : null,
            ZeroPageDetection = p.ZeroPageDetection?.ToString().ToLowerInvariant(),
            AvailSwitchoverBandwidthBytesPerSecond = p.AvailSwitchoverBandwidthBytesPerSecond is { } a ? (long)Math.Round(a) : null,
            VcpuDirtyLimitMiBPerSecond = p.DirtyLimit is { } d ? (long)Math.Round(d.VcpuDirtyLimitBytesPerSecond / (1 << 20)) : null,
            VcpuDirtyLimitPeriodMs = p.DirtyLimit is { } dp ? (long)Math.Round(dp.Period.Milliseconds) : null,
        };
        return (caps, qp);
    }

    /// <summary>The workload as the guest program runs it: each kind says how (<see cref="WorkloadSpec.ForGuestProgram"/>), or why it cannot.</summary>
    private static GuestWorkload MapWorkload(WorkloadSpec w, long residentPages, ulong seed, Func<string, string, ScenarioException> refuse)
    {
        GuestProgramWorkload program;
        try { program = w.ForGuestProgram(); }
        catch (NotCapturableException e) { throw refuse($"workload.{e.Key}", e.Problem); }
        GuestWorkloadKind Kind(string name, string key) =>
            Enum.TryParse<GuestWorkloadKind>(name, ignoreCase: true, out var k) ? k : throw refuse(key, $"the guest program has no '{name}' workload");
        var g = new GuestWorkload
        {
            ResidentPages = residentPages, Seed = seed, WorkingSetPages = w.WorkingSetPages, MaxLagMs = w.MaxLagSeconds * 1000, WriteBytes = w.BytesPerWrite,
            Kind = Kind(program.Kind, "workload.kind"),
            RatePagesPerSecond = program.RatePagesPerSecond,
            Phases = program.Phases.Select((p, k) => new GuestWorkloadPhase(Kind(p.Kind, $"workload.phases[{k}].kind"), p.Seconds, p.RatePagesPerSecond)).ToList(),
        };
        return g with
        {
            HotFraction = program.HotFraction ?? g.HotFraction,
            HotShare = program.HotShare ?? g.HotShare,
            ZipfExponent = program.ZipfExponent ?? g.ZipfExponent,
        };
    }

    private static PostcopySwitchRule MapSwitch(SwitchRule rule, Func<string, string, ScenarioException> refuse)
    {
        if (rule.OnStall is not null)
            throw refuse("migration.switch.on-stall", "a stall cannot be judged from query-migrate samples alone; capture with after-iterations or after-time");
        if (rule.AfterIterations is not null && rule.AfterTime is not null)
            throw refuse("migration.switch", "capture drives one trigger; keep either after-iterations or after-time");
        if (rule.AfterIterations is { } n)
            return n == 0 ? PostcopySwitchRule.Immediately : PostcopySwitchRule.AfterSyncs(n + 1);
        return PostcopySwitchRule.AfterTime(TimeSpan.FromSeconds(rule.AfterTime!.Value.Seconds));
    }
}
