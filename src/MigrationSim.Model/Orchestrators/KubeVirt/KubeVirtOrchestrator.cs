using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Orchestrators.KubeVirt;

/// <summary>
/// KubeVirt as it drives migrations.
/// <list type="bullet">
/// <item>Admission (pkg/virt-controller/watch/migration/migration.go): a pending migration starts
/// only while fewer than parallelMigrationsPerCluster run in the cluster and fewer than
/// parallelOutboundMigrationsPerNode out of its node; otherwise the controller requeues it
/// and looks again 5 s later.</item>
/// <item>Flags (pkg/virt-launcher/virtwrap/live-migration-source.go, generateMigrationFlags,
/// generateMigrationParams): allowAutoConverge, allowPostCopy (postcopy-ram), and
/// bandwidthPerMigration as max-bandwidth when set (else libvirt's unlimited default).</item>
/// <item>Monitor (migrationMonitor, the path without the MigrationStallDetection feature gate):
/// every 400 ms it reads the data remaining; progress is a drop since the last look. In
/// post-copy it does nothing. Else, with allowWorkloadDisruption and elapsed whole seconds &gt;
/// completionTimeoutPerGiB x GB (guest memory in 10^9 bytes, rounded up), it switches to
/// post-copy (allowPostCopy) or pauses the guest and doubles that budget; else it aborts when
/// no progress has been seen for more than progressTimeout whole seconds, or when the
/// elapsed whole seconds exceed the budget.</item>
/// </list>
/// </summary>
public sealed class KubeVirtOrchestrator(KubeVirtSpec spec) : Orchestrator
{
    /// <summary>monitorSleepPeriodMS.</summary>
    public static readonly SimTime PollInterval = SimTime.FromMilliseconds(400);

    /// <summary>The controller's requeue delay when a limit is reached.</summary>
    public static readonly SimTime RequeueDelay = SimTime.FromSeconds(5);

    /// <summary>The KubeVirt settings it applies.</summary>
    public KubeVirtSpec Spec { get; } = spec ?? throw new ArgumentNullException(nameof(spec));

    /// <inheritdoc/>
    public override void OnReady(FleetMigration migration) => Reconcile(migration);

    private void Reconcile(FleetMigration m)
    {
        if (m.State != FleetMigrationState.Ready) return;
        if (Fleet.RunningCount >= Spec.ParallelMigrationsPerCluster || Fleet.RunningFrom(m.From) >= Spec.ParallelOutboundMigrationsPerNode)
        {
            Fleet.Simulator.ScheduleIn(RequeueDelay, () => Reconcile(m));
            return;
        }
        Fleet.Start(m);
    }

    /// <inheritdoc/>
    public override MigrationSettings Configure(FleetMigration migration, MigrationSettings settings)
    {
        var p = settings.Parameters;
        long budget = Spec.CompletionTimeoutPerGiB * KubernetesQuantity.CeilGiga(migration.Guest.Guest.MemoryBytes);
        return settings with
        {
            Policy = Spec.AllowPostCopy ? PrecopyWithPostcopyRamSpec.Instance : PrecopySpec.Instance,
            Parameters = p with
            {
                MaxBandwidthBytesPerSecond = Spec.BandwidthPerMigrationBytesPerSecond > 0 ? Spec.BandwidthPerMigrationBytesPerSecond : double.PositiveInfinity,
                AutoConverge = p.AutoConverge with { Enabled = Spec.AllowAutoConverge },
                MaxTime = budget > 0 ? SimTime.Max(p.MaxTime, SimTime.FromSeconds(4 * budget + 3600)) : p.MaxTime,
            },
        };
    }

    /// <inheritdoc/>
    public override void OnStarted(FleetMigration migration) => Fleet.Simulator.Start(Monitor(migration));

    private IEnumerable<Wait> Monitor(FleetMigration m)
    {
        var sim = Fleet.Simulator;
        var process = m.Process!;
        var monitor = new KubeVirtMonitor(Spec, m.Guest.Guest.MemoryBytes);
        SimTime start = m.StartedAt!.Value;
        bool postcopy = false;
        while (true)
        {
            yield return sim.Delay(PollInterval);
            if (!m.IsRunning) yield break;
            long budget = monitor.AcceptableCompletionSeconds;
            SimTime elapsed = sim.Now - start;
            switch (monitor.Poll(elapsed, process.PendingBytes, postcopy || process.Status == Results.MigrationStatus.PostcopyActive))
            {
                case MonitorAction.StartPostcopy:
                    process.RequestPostcopy();
                    postcopy = true;
                    m.Intervene(FleetIntervention.ForcedPostcopy, $"kubevirt: not completed after {budget} s (completionTimeoutPerGiB), post-copy started");
                    break;
                case MonitorAction.Pause:
                    process.PauseGuest();
                    m.Intervene(FleetIntervention.Paused, $"kubevirt: not completed after {budget} s (completionTimeoutPerGiB), guest paused");
                    break;
                case MonitorAction.Abort:
                    string why = monitor.StuckSeconds(elapsed) > Spec.ProgressTimeout && Spec.ProgressTimeout != 0
                        ? $"kubevirt: no progress for {monitor.StuckSeconds(elapsed)} s (progressTimeout {Spec.ProgressTimeout} s), aborted"
                        : $"kubevirt: not completed after {budget} s (completionTimeoutPerGiB), aborted";
                    if (process.Cancel(why)) m.Intervene(FleetIntervention.Aborted, why);
                    break;
            }
        }
    }
}
