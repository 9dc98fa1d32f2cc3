using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;

namespace MigrationSim.Model.Orchestrators;

/// <summary>
/// What drives a fleet's migrations in production (OpenStack Nova, KubeVirt, an operator's
/// virsh script), as a plug-in: it admits the requests it is given (its concurrency limits),
/// turns its options into QEMU capabilities and parameters, and watches each migration as its
/// monitor loop does (downtime steps, completion and progress timeouts, and what it does when
/// one fires). Mechanism stays in the fleet and the migrations; an orchestrator only decides,
/// through <see cref="FleetRun.Start"/> and the migrations' QMP controls.
/// <para>One instance serves one fleet run. A new orchestrator derives from this class, comes with
/// an <see cref="OrchestratorSpec"/> that creates it and an <see cref="OrchestratorDefinition"/>
/// that reads its options from a fleet file.</para>
/// </summary>
public abstract class Orchestrator
{
    private FleetRun? _fleet;

    /// <summary>The run this orchestrator drives.</summary>
    protected FleetRun Fleet => _fleet ?? throw new InvalidOperationException("the orchestrator is not attached to a fleet run yet");

    internal void Attach(FleetRun fleet)
    {
        if (_fleet is not null) throw new InvalidOperationException("an orchestrator instance serves one fleet run; create one per run");
        _fleet = fleet;
        OnAttached();
    }

    /// <summary>Called once before the clock runs.</summary>
    protected virtual void OnAttached() { }

    /// <summary>A request has reached the orchestrator (its time has come and the migrations it waits for have ended): start it now with <see cref="FleetRun.Start"/>, or later.</summary>
    public abstract void OnReady(FleetMigration migration);

    /// <summary>
    /// The QEMU settings of a migration it starts: the guest's own (<paramref name="settings"/>)
    /// with the orchestrator's flags and parameters (capabilities, max-bandwidth, downtime-limit) applied.
    /// </summary>
    public virtual MigrationSettings Configure(FleetMigration migration, MigrationSettings settings) => settings;

    /// <summary>A migration it started has begun (its <see cref="FleetMigration.Process"/> is set): start its monitor here.</summary>
    public virtual void OnStarted(FleetMigration migration) { }

    /// <summary>A migration it started has ended (or one it held will never start).</summary>
    public virtual void OnEnded(FleetMigration migration) { }
}
