using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Concurrent;
using MigrationSim.Qemu.Installations;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Fleets;
using MigrationSim.Traces.Capture;

namespace MigrationSim.Cli.Capture;

/// <summary>
/// Realises a fleet file on real QEMU: its migrations at once through a bottleneck made on this
/// machine (<see cref="ConcurrentMigrationRunner"/>). A shared-link fleet becomes one namespace
/// whose loopback is shaped to the link; a switch fleet a namespace per host, its veth shaped to
/// the host's uplink and downlink. Each guest is captured as its own scenario would be
/// (<see cref="CapturePlanner"/>), its migrate issued at its plan's start time. What a capture
/// cannot realise is refused with the fleet key: an orchestrator (QMP is driven directly), racks,
/// "after" dependencies, a guest moved twice, more than 8 migrations.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public static class FleetCapturePlan
{
    public const string FleetSourceFile = "fleet.yaml";

    public sealed record Plan(ConcurrentCaptureSpec Spec, IReadOnlyList<string> Notes);

    public static Plan Build(FleetFile fleet, string outputDirectory, string captureName, string? kernelPath, QemuSelection qemu, QemuVersion version)
    {
        var spec = fleet.Spec;
        ScenarioException Refuse(string key, string why) => new(fleet.SourceFile, 0, 0, key, why);
        if (spec.Orchestrator.Name != "direct")
            throw Refuse("orchestrator.kind", $"a capture issues QMP's migrate itself; orchestrator {spec.Orchestrator.Name} is simulated only (use kind: direct, or leave orchestrator out)");
        if (spec.Requests.Count is < 1 or > 8)
            throw Refuse("operation", $"a capture runs 1 to 8 migrations at once (2-4 small guests under TCG on 2 cores); this one has {spec.Requests.Count}");
        if (spec.Requests.FirstOrDefault(r => r.After.Count > 0) is { } dependent)
            throw Refuse("operation.migrations", $"migration of {dependent.Guest} waits for another ('after'); a capture starts each at its time: give at: instead");
        if (spec.Requests.GroupBy(r => r.Guest).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw Refuse("operation.migrations", $"guest {twice.Key} migrates more than once; a capture migrates each guest once");
        if (spec.Network.Racks.Count > 0)
            throw Refuse("network.racks", "a capture shapes host links only; remove the racks");

        ConcurrentTopology topology;
        if (spec.Network.Topology == FleetTopology.SharedLink)
            topology = new SharedLinkTopology((long)spec.Network.SharedLinkBytesPerSecond);
        else
        {
            var used = spec.Requests.SelectMany(r => new[] { r.From, r.To }).ToHashSet(StringComparer.Ordinal);
            var hosts = spec.Hosts.Where(h => used.Contains(h.Name)).ToList();
            if (hosts.FirstOrDefault(h => double.IsInfinity(h.UplinkBytesPerSecond) || double.IsInfinity(h.DownlinkBytesPerSecond)) is { } open)
                throw Refuse("hosts", $"host {open.Name} has no nic speed; a capture shapes each host's links, so give nic: (or uplink: and downlink:)");
            topology = new HostLinksTopology(hosts.Select(h => new HostLink(h.Name, (long)h.UplinkBytesPerSecond, (long)h.DownlinkBytesPerSecond)).ToList());
        }

        var notes = new List<string>();
        var migrations = new List<ConcurrentMigration>();
        foreach (var r in spec.Requests)
        {
            var scenario = ScenarioLoader.Parse(fleet.GuestScenarios[r.Guest], $"{fleet.SourceFile} (guest {r.Guest})");
            var plan = CapturePlanner.Build(scenario, version);
            // Here the network is imposed: the shaped links replace loopback's speed.
            notes.AddRange(plan.Notes.Where(n => !n.StartsWith("network.bandwidth", StringComparison.Ordinal)).Select(n => $"{r.Guest}: {n}"));
            if (scenario.Input.Guest.MemoryBytes > 512L << 20)
                notes.Add($"{r.Guest}: {scenario.Input.Guest.MemoryBytes >> 20} MiB under TCG with other guests on 2 cores may miss its boot timeout; 128-256 MiB is safe");
            migrations.Add(new ConcurrentMigration(r.Guest, CaptureSpec.FromPlan(plan, outputDirectory, r.Guest, kernelPath, qemu), TimeSpan.FromTicks(r.NotBefore.Nanoseconds / 100),
                spec.Network.Topology == FleetTopology.SharedLink ? null : r.From, spec.Network.Topology == FleetTopology.SharedLink ? null : r.To));
        }
        var concurrent = new ConcurrentCaptureSpec
        {
            OutputDirectory = outputDirectory,
            Name = captureName,
            Migrations = migrations,
            Topology = topology,
            ExtraFiles = new Dictionary<string, string> { [FleetSourceFile] = fleet.SourceText },
        };
        try { concurrent.Validate(); }
        catch (ArgumentException e) { throw Refuse("guests", e.Message); }
        return new Plan(concurrent, notes.Distinct().ToList());
    }
}
