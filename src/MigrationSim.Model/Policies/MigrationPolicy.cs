using MigrationSim.Model.Migration;

namespace MigrationSim.Model.Policies;

/// <summary>
/// The decisions of one migration, apart from its mechanism. The engine
/// (<see cref="MigrationProcess"/>) owns memory, sender, rate limiter, faults and accounting;
/// a policy decides, at each iterate check, whether to iterate, sync, complete, switch to
/// postcopy or cancel, where the background scan resumes after a postcopy request and how many
/// pages go with the requested one. One instance serves one migration (it may keep state).
/// <para>QEMU's own behaviour is <see cref="QemuPrecopyPolicy"/>, <see cref="QemuPostcopyPolicy"/> and
/// <see cref="QemuHybridPolicy"/>. A new policy derives from one of them (or from this class),
/// comes with a <see cref="PolicySpec"/> that creates it and, to be named in scenario files, a
/// <see cref="PolicyDefinition"/>; the contract tests (<c>PolicyContract</c>) check it like QEMU's.</para>
/// </summary>
public abstract class MigrationPolicy
{
    private MigrationProcess? _migration;

    /// <summary>The migration this policy decides for: its counters, iterations, parameters and controls.</summary>
    protected MigrationProcess Migration => _migration ?? throw new InvalidOperationException("the policy is not attached to a migration yet");

    internal void Attach(MigrationProcess migration)
    {
        if (_migration is not null) throw new InvalidOperationException("a policy instance serves one migration; create one per migration");
        _migration = migration;
        OnAttached();
    }

    /// <summary>Called once, when the migration starts (subscribe to its events here).</summary>
    protected virtual void OnAttached() { }

    /// <summary>
    /// The decision at an iterate check (before each iterate step, once setup is done). Return
    /// <see cref="MigrationDecision.Sync"/> to merge the dirty log first: the engine syncs and asks
    /// again with <see cref="IterationCheck.JustSynced"/> set; a second sync in the same check is an error.
    /// </summary>
    public abstract MigrationDecision Decide(in IterationCheck check);

    /// <summary>Called after every dirty bitmap sync (also the final one at a stop).</summary>
    public virtual void OnSync(in SyncInfo sync) { }

    /// <summary>Where the background scan resumes after a postcopy request, and prepaging. Default: QEMU's (after the page), plus the scenario's postcopy.prepage.</summary>
    public virtual PostcopyRequestPlan OnPostcopyRequest(long page) => new(page + 1, Migration.Postcopy.Prepage);
}
