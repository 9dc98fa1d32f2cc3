using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Fleets;

/// <summary>
/// One requested migration during a fleet run, as the orchestrator sees and drives it: its
/// request and guest, its state, and once started its <see cref="MigrationProcess"/> with
/// QEMU's controls (cancel, pause, migrate-start-postcopy, parameters).
/// </summary>
public sealed class FleetMigration
{
    internal FleetMigration(MigrationRequest request, FleetGuest guest)
    {
        Request = request;
        Guest = guest;
    }

    /// <summary>What was asked: guest, source, destination, earliest start, prerequisites.</summary>
    public MigrationRequest Request { get; }

    /// <summary>The guest being moved.</summary>
    public FleetGuest Guest { get; }

    /// <summary>Source host.</summary>
    public string From => Request.From;

    /// <summary>Destination host.</summary>
    public string To => Request.To;

    /// <summary>Where the migration is in its life.</summary>
    public FleetMigrationState State { get; internal set; } = FleetMigrationState.Waiting;

    /// <summary>When the request reached the orchestrator.</summary>
    public SimTime? ReadyAt { get; internal set; }

    /// <summary>When QEMU's migrate was issued.</summary>
    public SimTime? StartedAt { get; internal set; }

    /// <summary>When it ended; null while it has not.</summary>
    public SimTime? EndedAt { get; internal set; }

    /// <summary>The running (or ended) migration; null before it starts.</summary>
    public MigrationProcess? Process { get; internal set; }

    /// <summary>Its final figures once ended (null if it never started).</summary>
    public MigrationSummary? Summary { get; internal set; }

    /// <summary>When the guest stopped on the source (to complete or to switch to postcopy), and for which.</summary>
    public SimTime? StoppedAt { get; internal set; }

    /// <summary>What stopped the guest on the source (completion or the switch to postcopy); null until then.</summary>
    public MigrationAction? StopAction { get; internal set; }

    /// <summary>When the guest resumed on the destination in postcopy.</summary>
    public SimTime? ResumedAt { get; internal set; }

    /// <summary>The last thing the orchestrator did to it (none, force-complete, postcopy, pause, abort).</summary>
    public FleetIntervention Intervention { get; private set; }

    /// <summary>Why the orchestrator intervened, or why it never started.</summary>
    public string? Reason { get; internal set; }

    /// <summary>QEMU is migrating it now.</summary>
    public bool IsRunning => State == FleetMigrationState.Running;

    /// <summary>The orchestrator records what it did (the first intervention that ends a migration is what guests.csv reports).</summary>
    public void Intervene(FleetIntervention intervention, string reason)
    {
        if (Intervention is FleetIntervention.ForcedPostcopy or FleetIntervention.Aborted) return;
        if (Intervention == FleetIntervention.Paused && intervention == FleetIntervention.Paused) return;
        Intervention = intervention;
        Reason = reason;
    }
}
