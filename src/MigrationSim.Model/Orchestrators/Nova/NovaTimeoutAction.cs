namespace MigrationSim.Model.Orchestrators.Nova;

/// <summary>live_migration_timeout_action.</summary>
public enum NovaTimeoutAction
{
    /// <summary>abort: guest.abort_job().</summary>
    Abort,

    /// <summary>force_complete: post-copy when live_migration_permit_post_copy, else pause the guest.</summary>
    ForceComplete,
}
