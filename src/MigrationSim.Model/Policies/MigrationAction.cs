namespace MigrationSim.Model.Policies;

/// <summary>What the migration thread does after an iterate check (QEMU's migration_iteration_run).</summary>
public enum MigrationAction
{
    /// <summary>One more iterate step: send pending pages until the window's budget is spent, the pass empties or MAX_WAIT passes.</summary>
    Iterate,

    /// <summary>Merge the dirty log into the migration bitmap (migration_bitmap_sync, one more dirty-sync-count); the policy is asked again right after.</summary>
    Sync,

    /// <summary>Stop the guest, sync once more, send the rest without the rate limit, hand over (migration_completion).</summary>
    Complete,

    /// <summary>Stop the guest, discard stale pages on the destination, resume it there and pull the rest (postcopy_start).</summary>
    StartPostcopy,

    /// <summary>Give up: the guest stays on the source (migrate_cancel).</summary>
    Cancel,
}
