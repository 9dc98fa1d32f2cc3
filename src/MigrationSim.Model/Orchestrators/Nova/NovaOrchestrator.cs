using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Orchestrators.Nova;

/// <summary>
/// Nova's libvirt driver as it drives live migrations.
/// <list type="bullet">
/// <item>Admission (nova/compute/manager.py): each source compute runs at most
/// max_concurrent_live_migrations at once (0: no limit), first come first served.</item>
/// <item>Flags (nova/virt/libvirt/driver.py, migration.py): live_migration_permit_post_copy turns
/// postcopy-ram on; auto-converge only when permitted and post-copy is not; max-bandwidth is
/// live_migration_bandwidth MiB/s, or libvirt's unlimited default when 0.</item>
/// <item>Monitor (LibvirtDriver._live_migration_monitor, a 0.5 s loop): first it runs the queued
/// tasks (force-complete: migrate-start-postcopy when post-copy is permitted, else pause the
/// guest); then, once elapsed &gt; int(live_migration_completion_timeout x data_gb) and the
/// migration is not in post-copy, it aborts or (force_complete) queues force-complete for the
/// next pass; then it applies the downtime step in force (<see cref="NovaDowntimeSteps"/>).</item>
/// </list>
/// Nova starts its clock just before libvirt issues QEMU's migrate; here the monitor's elapsed
/// time runs 1 ms ahead of the migration's and it looks every 0.5 s from the migration's start,
/// so step 0 (live_migration_downtime / steps) is set at once.
/// </summary>
public sealed class NovaOrchestrator(NovaSpec spec) : Orchestrator
{
    /// <summary>The monitor loop's sleep (time.sleep(0.5)).</summary>
    public static readonly SimTime PollInterval = SimTime.FromMilliseconds(500);

    /// <summary>How far Nova's clock runs ahead of QEMU's migrate.</summary>
    public static readonly SimTime MonitorLead = SimTime.FromMilliseconds(1);

    private const double MiB = 1 << 20;

    private readonly Dictionary<string, Queue<FleetMigration>> _queues = new(StringComparer.Ordinal);

    /// <summary>The nova.conf options it applies.</summary>
    public NovaSpec Spec { get; } = spec ?? throw new ArgumentNullException(nameof(spec));

    /// <inheritdoc/>
    public override void OnReady(FleetMigration migration)
    {
        if (!_queues.TryGetValue(migration.From, out var q)) _queues[migration.From] = q = new Queue<FleetMigration>();
        q.Enqueue(migration);
        Admit(migration.From);
    }

    /// <inheritdoc/>
    public override void OnEnded(FleetMigration migration)
    {
        if (migration.StartedAt is not null) Admit(migration.From);
    }

    private void Admit(string host)
    {
        var q = _queues[host];
        long max = Spec.MaxConcurrentLiveMigrations;
        while (q.Count > 0 && (max == 0 || Fleet.RunningFrom(host) < max))
            Fleet.Start(q.Dequeue());
    }

    /// <inheritdoc/>
    public override MigrationSettings Configure(FleetMigration migration, MigrationSettings settings)
    {
        var p = settings.Parameters;
        double completion = Spec.LiveMigrationCompletionTimeoutSeconds * NovaDowntimeSteps.DataGb(migration.Guest.Guest.MemoryBytes);
        return settings with
        {
            Policy = Spec.LiveMigrationPermitPostCopy ? PrecopyWithPostcopyRamSpec.Instance : PrecopySpec.Instance,
            Parameters = p with
            {
                MaxBandwidthBytesPerSecond = Spec.LiveMigrationBandwidthMiBps > 0 ? Spec.LiveMigrationBandwidthMiBps * MiB : double.PositiveInfinity,
                AutoConverge = p.AutoConverge with { Enabled = Spec.LiveMigrationPermitAutoConverge && !Spec.LiveMigrationPermitPostCopy },
                // Nova's timeout ends it first; the simulator's own limit stays as a backstop beyond it.
                MaxTime = completion > 0 ? SimTime.Max(p.MaxTime, SimTime.FromSeconds(2 * completion + 3600)) : p.MaxTime,
            },
        };
    }

    /// <inheritdoc/>
    public override void OnStarted(FleetMigration migration) => Fleet.Simulator.Start(Monitor(migration));

    private IEnumerable<Wait> Monitor(FleetMigration m)
    {
        var sim = Fleet.Simulator;
        var process = m.Process!;
        var monitor = new NovaMonitor(Spec, m.Guest.Guest.MemoryBytes);
        string timeout = $"nova: live_migration_completion_timeout ({monitor.CompletionTimeoutSeconds} s) reached";
        SimTime start = m.StartedAt!.Value;
        bool postcopy = false;
        while (m.IsRunning)
        {
            var (action, downtime) = monitor.Poll((sim.Now - start + MonitorLead).Seconds, postcopy || process.Status == MigrationStatus.PostcopyActive);
            switch (action)
            {
                case MonitorAction.StartPostcopy:
                    process.RequestPostcopy();
                    postcopy = true;
                    m.Intervene(FleetIntervention.ForcedPostcopy, $"{timeout}, force_complete: post-copy");
                    break;
                case MonitorAction.Pause:
                    process.PauseGuest();
                    m.Intervene(FleetIntervention.Paused, $"{timeout}, force_complete: guest paused");
                    break;
                case MonitorAction.Abort:
                    if (process.Cancel($"{timeout}, abort")) m.Intervene(FleetIntervention.Aborted, $"{timeout}, abort");
                    break;
            }
            if (m.IsRunning && downtime is { } ms) process.SetDowntimeLimit(SimTime.FromMilliseconds(ms));
            yield return sim.Delay(PollInterval);
        }
    }
}
