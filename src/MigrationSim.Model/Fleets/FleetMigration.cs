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

    public MigrationRequest Request { get; }

    public FleetGuest Guest { get; }

    public string From => Request.From;

    public string To => Request.To;

    public FleetMigrationState State { get; internal set; } = FleetMigrationState.Waiting;

    /// <summary>When the request reached the orchestrator.</summary>
    public SimTime? ReadyAt { get; internal set; }

    /// <summary>When QEMU's migrate was issued.</summary>
    public SimTime? StartedAt { get; internal set; }

    public SimTime? EndedAt { get; internal set; }

    /// <summary>The running (or ended) migration; null before it starts.</summary>
    public MigrationProcess? Process { get; internal set; }

    /// <summary>Its final figures once ended (null if it never started).</summary>
    public MigrationSummary? Summary { get; internal set; }

    /// <summary>When the guest stopped on the source (to complete or to switch to postcopy), and for which.</summary>
    public SimTime? StoppedAt { get; internal set; }

    public MigrationAction? StopAction { get; internal set; }

    /// <summary>When the guest resumed on the destination in postcopy.</summary>
    public SimTime? ResumedAt { get; internal set; }

    public FleetIntervention Intervention { get; private set; }

    /// <summary>Why the orchestrator intervened, or why it never started.</summary>
    public string? Reason { get; internal set; }

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
