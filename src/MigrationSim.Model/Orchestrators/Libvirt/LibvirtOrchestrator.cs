using MigrationSim.Kernel;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Orchestrators.Libvirt;

/// <summary>
/// An operator running <c>virsh migrate --live</c> per guest: the script runs calls-at-once calls
/// at a time in the operation's order. Each call sets max-bandwidth to --bandwidth (libvirt's
/// default is unlimited: QEMU_DOMAIN_MIG_BANDWIDTH_MAX, src/qemu/qemu_domain.h), auto-converge
/// with --auto-converge, postcopy-ram with --postcopy; --postcopy-after-precopy issues
/// migrate-start-postcopy once the first pass is done (VIR_MIGRATE_POSTCOPY_AFTER_PRECOPY:
/// "switch to post-copy after the first pre-copy iteration"); --timeout N suspends the guest
/// (--timeout-suspend, the default) or switches to post-copy (--timeout-postcopy) once the
/// migration has run N seconds.
/// </summary>
public sealed class LibvirtOrchestrator(LibvirtSpec spec) : Orchestrator
{
    private const double MiB = 1 << 20;

    private readonly Queue<FleetMigration> _queue = new();

    /// <summary>The virsh options it applies.</summary>
    public LibvirtSpec Spec { get; } = spec ?? throw new ArgumentNullException(nameof(spec));

    /// <inheritdoc/>
    public override void OnReady(FleetMigration migration)
    {
        _queue.Enqueue(migration);
        Admit();
    }

    /// <inheritdoc/>
    public override void OnEnded(FleetMigration migration)
    {
        if (migration.StartedAt is not null) Admit();
    }

    private void Admit()
    {
        while (_queue.Count > 0 && Fleet.RunningCount < Spec.CallsAtOnce)
            Fleet.Start(_queue.Dequeue());
    }

    /// <inheritdoc/>
    public override MigrationSettings Configure(FleetMigration migration, MigrationSettings settings)
    {
        var p = settings.Parameters;
        PolicySpec policy = !Spec.Postcopy ? PrecopySpec.Instance
            : Spec.PostcopyAfterPrecopy ? new HybridSpec(new SwitchRule { AfterIterations = 1 })
            : PrecopyWithPostcopyRamSpec.Instance;
        return settings with
        {
            Policy = policy,
            Parameters = p with
            {
                MaxBandwidthBytesPerSecond = Spec.BandwidthMiBps is { } b and > 0 ? b * MiB : double.PositiveInfinity,
                AutoConverge = p.AutoConverge with { Enabled = Spec.AutoConverge },
            },
        };
    }

    /// <inheritdoc/>
    public override void OnStarted(FleetMigration migration)
    {
        if (Spec.TimeoutSeconds is { } seconds) Fleet.Simulator.Start(Timeout(migration, SimTime.FromSeconds(seconds)));
    }

    private IEnumerable<Wait> Timeout(FleetMigration m, SimTime after)
    {
        var process = m.Process!;
        yield return Fleet.Simulator.Delay(after);
        if (!m.IsRunning || process.Status != Results.MigrationStatus.Active) yield break;
        if (Spec.TimeoutPostcopy)
        {
            process.RequestPostcopy();
            m.Intervene(FleetIntervention.ForcedPostcopy, $"virsh: --timeout {after.Seconds:0} reached, --timeout-postcopy");
        }
        else
        {
            process.PauseGuest();
            m.Intervene(FleetIntervention.Paused, $"virsh: --timeout {after.Seconds:0} reached, --timeout-suspend");
        }
    }
}
