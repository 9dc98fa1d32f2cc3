using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Fleets.Operations;
using MigrationSim.Model.Orchestrators;
using MigrationSim.Model.Orchestrators.KubeVirt;
using MigrationSim.Model.Orchestrators.Libvirt;
using MigrationSim.Model.Orchestrators.Nova;

namespace MigrationSim.Cli.Planning;

/// <summary>
/// Searches the fleet's orchestrator settings by simulating the whole fleet with each: how many
/// migrations run at once, the bandwidth per migration, the completion timeout and what it does
/// (abort, post-copy, pause), auto-converge, and the order of the requests. The options the file
/// sets and the search does not vary stay as written.
/// </summary>
public static class FleetPlanner
{
    private const double MiB = 1 << 20;

    public static IReadOnlyList<FleetPlanCandidate> Candidates(FleetSpec spec)
    {
        var orders = spec.Requests.All(r => r.After.Count == 0) && spec.Requests.Count > 1
            ? new RequestOrder?[] { RequestOrder.AsListed, RequestOrder.LargestFirst }
            : [null];
        // A cap worth trying: a quarter of the slowest source NIC.
        var sources = spec.Requests.Select(r => r.From).ToHashSet(StringComparer.Ordinal);
        double nic = spec.Network.Topology == FleetTopology.SharedLink ? spec.Network.SharedLinkBytesPerSecond
            : spec.Hosts.Where(h => sources.Contains(h.Name)).Select(h => h.UplinkBytesPerSecond).DefaultIfEmpty(1.25e9).Min();
        long quarterMiB = Math.Max(1, (long)(nic / 4 / MiB));
        string I(long v) => v.ToString(CultureInfo.InvariantCulture);
        var list = new List<FleetPlanCandidate>();
        foreach (var order in orders)
        {
            switch (spec.Orchestrator)
            {
                case NovaSpec nova:
                    foreach (long conc in new long[] { 1, 2, 4 })
                    foreach (long bw in new long[] { 0, quarterMiB })
                    foreach (long timeout in new long[] { 800, 150 })
                    foreach (var (action, postcopy, autoConverge) in new[]
                             {
                                 (NovaTimeoutAction.Abort, false, false), (NovaTimeoutAction.Abort, false, true),
                                 (NovaTimeoutAction.ForceComplete, false, false), (NovaTimeoutAction.ForceComplete, false, true),
                                 (NovaTimeoutAction.ForceComplete, true, false),
                             })
                    {
                        var o = nova with
                        {
                            MaxConcurrentLiveMigrations = conc, LiveMigrationBandwidthMiBps = bw, LiveMigrationCompletionTimeoutSeconds = timeout,
                            LiveMigrationTimeoutAction = action, LiveMigrationPermitPostCopy = postcopy, LiveMigrationPermitAutoConverge = autoConverge,
                        };
                        list.Add(new FleetPlanCandidate(o, [("max_concurrent_live_migrations", I(conc)), ("live_migration_bandwidth", I(bw)),
                            ("live_migration_completion_timeout", I(timeout)), ("live_migration_timeout_action", action == NovaTimeoutAction.Abort ? "abort" : "force_complete"),
                            ("live_migration_permit_post_copy", postcopy ? "true" : "false"), ("live_migration_permit_auto_converge", autoConverge ? "true" : "false")], order));
                    }
                    break;
                case KubeVirtSpec kv:
                    foreach (long perNode in new long[] { 1, 2, 4 })
                    foreach (double bw in new[] { 0, quarterMiB * MiB })
                    foreach (long perGiB in new long[] { 150, 800 })
                    foreach (var (postcopy, autoConverge) in new[] { (false, false), (false, true), (true, false) })
                    {
                        var o = kv with
                        {
                            ParallelOutboundMigrationsPerNode = perNode, ParallelMigrationsPerCluster = Math.Max(kv.ParallelMigrationsPerCluster, perNode),
                            BandwidthPerMigrationBytesPerSecond = bw, CompletionTimeoutPerGiB = perGiB, AllowPostCopy = postcopy, AllowAutoConverge = autoConverge,
                        };
                        list.Add(new FleetPlanCandidate(o, [("parallelOutboundMigrationsPerNode", I(perNode)), ("bandwidthPerMigration", bw > 0 ? $"{I(quarterMiB)}Mi" : "0Mi"),
                            ("completionTimeoutPerGiB", I(perGiB)), ("allowPostCopy", postcopy ? "true" : "false"), ("allowAutoConverge", autoConverge ? "true" : "false")], order));
                    }
                    break;
                case LibvirtSpec virsh:
                    foreach (long calls in new long[] { 1, 2, 4 })
                    foreach (long? bw in new long?[] { null, quarterMiB })
                    foreach (var (timeout, postcopyAction) in new (long?, bool)[] { (null, false), (300, false), (300, true) })
                    foreach (bool autoConverge in new[] { false, true })
                    {
                        var o = virsh with
                        {
                            CallsAtOnce = calls, BandwidthMiBps = bw, TimeoutSeconds = timeout, TimeoutPostcopy = postcopyAction,
                            Postcopy = postcopyAction || virsh.Postcopy, AutoConverge = autoConverge,
                        };
                        list.Add(new FleetPlanCandidate(o, [("calls-at-once", I(calls)), ("bandwidth", bw is { } b ? I(b) : "unset"),
                            ("timeout", timeout is { } t ? $"{I(t)} ({(postcopyAction ? "postcopy" : "suspend")})" : "none"), ("auto-converge", autoConverge ? "true" : "false")], order));
                    }
                    break;
                default:
                    throw new ArgumentException($"plan searches an orchestrator's settings; this fleet's orchestrator is {spec.Orchestrator.Name} (set orchestrator.kind to nova, kubevirt or libvirt)");
            }
        }
        return list;
    }

    /// <summary>The fleet with a candidate's settings, its SLA on every guest.</summary>
    public static FleetSpec Apply(FleetSpec spec, FleetPlanCandidate c, SimTime maxDowntime)
    {
        var guests = spec.Guests.Select(g => g with { MaxDowntime = maxDowntime }).ToList();
        var requests = spec.Requests;
        if (c.Order is { } order)
        {
            var byGuest = guests.ToDictionary(g => g.Name, StringComparer.Ordinal);
            var sorted = FleetOperations.Ordered(requests.Select(r => byGuest[r.Guest]), order).Select(g => requests.First(r => r.Guest == g.Name));
            requests = sorted.Select((r, i) => r with { Index = i }).ToList();
        }
        return spec with { Orchestrator = c.Orchestrator, Guests = guests, Requests = requests };
    }

    public static IReadOnlyList<FleetPlanOutcome> Evaluate(FleetSpec spec, IReadOnlyList<FleetPlanCandidate> candidates, SimTime window, SimTime maxDowntime,
        bool noAbort, int jobs, Action? ranOne, CancellationToken ct)
    {
        var outcomes = new FleetPlanOutcome[candidates.Count];
        Parallel.For(0, candidates.Count, new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = ct }, i =>
        {
            var r = FleetSimulation.Run(Apply(spec, candidates[i], maxDowntime));
            var why = new List<string>();
            if (r.MakespanMs > window.Milliseconds) why.Add($"makespan {r.MakespanMs / 60_000:0.0} min over the window");
            if (r.OverSla > 0) why.Add($"{r.OverSla} over the downtime SLA");
            if (noAbort && r.Aborted + r.NotStarted > 0) why.Add($"{r.Aborted + r.NotStarted} aborted or not started");
            outcomes[i] = new FleetPlanOutcome(candidates[i], r, why.Count == 0, string.Join("; ", why));
            ranOne?.Invoke();
        });
        return outcomes;
    }

    /// <summary>Those that meet the plan, shortest makespan first, then least guest progress lost, then least postcopy exposure.</summary>
    public static IReadOnlyList<FleetPlanOutcome> Ranked(IEnumerable<FleetPlanOutcome> outcomes) =>
        outcomes.Where(o => o.Meets)
            .OrderBy(o => o.Result.MakespanMs)
            .ThenBy(o => o.Result.ProgressLostSeconds)
            .ThenBy(o => o.Result.ExposureMs)
            .ToList();
}
