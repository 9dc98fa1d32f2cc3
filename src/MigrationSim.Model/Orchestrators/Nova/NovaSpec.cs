using System.Globalization;

namespace MigrationSim.Model.Orchestrators.Nova;

/// <summary>
/// OpenStack Nova's libvirt driver, under its nova.conf option names ([libvirt] and [DEFAULT]),
/// in Nova's units; defaults as in nova/conf/libvirt.py and nova/conf/compute.py.
/// </summary>
public sealed record NovaSpec : OrchestratorSpec
{
    /// <summary>live_migration_downtime, ms (min 100).</summary>
    public long LiveMigrationDowntimeMs { get; init; } = 500;

    /// <summary>live_migration_downtime_steps (min 3).</summary>
    public long LiveMigrationDowntimeSteps { get; init; } = 10;

    /// <summary>live_migration_downtime_delay, seconds per GiB of data (min 3).</summary>
    public long LiveMigrationDowntimeDelaySeconds { get; init; } = 75;

    /// <summary>live_migration_completion_timeout, seconds per GiB of data (0: none).</summary>
    public long LiveMigrationCompletionTimeoutSeconds { get; init; } = 800;

    /// <summary>live_migration_timeout_action: what the completion timeout does (abort or force_complete).</summary>
    public NovaTimeoutAction LiveMigrationTimeoutAction { get; init; } = NovaTimeoutAction.Abort;

    /// <summary>live_migration_permit_post_copy: postcopy-ram on, force_complete switches to postcopy.</summary>
    public bool LiveMigrationPermitPostCopy { get; init; }

    /// <summary>live_migration_permit_auto_converge: auto-converge on (when postcopy is not permitted).</summary>
    public bool LiveMigrationPermitAutoConverge { get; init; }

    /// <summary>live_migration_bandwidth, MiB/s (0: the hypervisor's default, unlimited in libvirt).</summary>
    public long LiveMigrationBandwidthMiBps { get; init; }

    /// <summary>max_concurrent_live_migrations per compute host (0: unlimited).</summary>
    public long MaxConcurrentLiveMigrations { get; init; } = 1;

    /// <inheritdoc/>
    public override string Name => "nova";

    /// <inheritdoc/>
    public override Orchestrator Create() => new NovaOrchestrator(this);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Option, string Value)> Settings =>
    [
        ("max_concurrent_live_migrations", I(MaxConcurrentLiveMigrations)),
        ("live_migration_bandwidth", I(LiveMigrationBandwidthMiBps)),
        ("live_migration_downtime", I(LiveMigrationDowntimeMs)),
        ("live_migration_downtime_steps", I(LiveMigrationDowntimeSteps)),
        ("live_migration_downtime_delay", I(LiveMigrationDowntimeDelaySeconds)),
        ("live_migration_completion_timeout", I(LiveMigrationCompletionTimeoutSeconds)),
        ("live_migration_timeout_action", LiveMigrationTimeoutAction == NovaTimeoutAction.Abort ? "abort" : "force_complete"),
        ("live_migration_permit_post_copy", LiveMigrationPermitPostCopy ? "true" : "false"),
        ("live_migration_permit_auto_converge", LiveMigrationPermitAutoConverge ? "true" : "false"),
    ];

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);
}
