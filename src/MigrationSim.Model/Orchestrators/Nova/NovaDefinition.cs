namespace MigrationSim.Model.Orchestrators.Nova;

/// <summary>
/// <c>orchestrator: { kind: nova, ... }</c>: the options as nova.conf spells them, in Nova's
/// units (plain numbers), with Nova's minimums. Defaults checked against openstack/nova
/// nova/conf/libvirt.py and nova/conf/compute.py; semantics against nova/virt/libvirt/driver.py
/// (_live_migration_monitor, _live_migration_data_gb) and nova/virt/libvirt/migration.py
/// (downtime_steps, update_downtime, should_trigger_timeout_action, run_tasks).
/// </summary>
public sealed class NovaDefinition : OrchestratorDefinition
{
    private const string Libvirt = "nova/conf/libvirt.py";

    /// <inheritdoc/>
    public override string Name => "nova";

    /// <inheritdoc/>
    public override string Description => "OpenStack Nova's libvirt driver: per-host concurrency, downtime steps, completion timeout per GiB and its action";

    /// <inheritdoc/>
    public override IReadOnlyList<OrchestratorOption> Options { get; } =
    [
        new("max_concurrent_live_migrations", "1", "live migrations a compute host runs at once (0: unlimited); the others queue", "nova/conf/compute.py"),
        new("live_migration_bandwidth", "0", "max-bandwidth in MiB/s; 0: the hypervisor's default (libvirt: unlimited)", Libvirt),
        new("live_migration_downtime", "500", "largest downtime-limit the steps reach, ms (min 100)", Libvirt),
        new("live_migration_downtime_steps", "10", "steps to reach it (min 3)", Libvirt),
        new("live_migration_downtime_delay", "75", "seconds per GiB of guest RAM between steps (min 3)", Libvirt),
        new("live_migration_completion_timeout", "800", "seconds per GiB of guest RAM (at least 2 GiB) before the timeout action; 0: none", Libvirt),
        new("live_migration_timeout_action", "abort", "abort, or force_complete (post-copy if permitted, else pause the guest)", Libvirt),
        new("live_migration_permit_post_copy", "false", "postcopy-ram on; force_complete switches to post-copy", Libvirt),
        new("live_migration_permit_auto_converge", "false", "auto-converge on, unless post-copy is permitted", Libvirt),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> OwnedMigrationKeys { get; } = ["policy", "max-bandwidth", "auto-converge", "downtime-limit"];

    /// <inheritdoc/>
    public override OrchestratorSpec Parse(IOrchestratorSettings settings)
    {
        var d = new NovaSpec();
        return d with
        {
            MaxConcurrentLiveMigrations = settings.Integer("max_concurrent_live_migrations", 0, 1000) ?? d.MaxConcurrentLiveMigrations,
            LiveMigrationBandwidthMiBps = settings.Integer("live_migration_bandwidth", 0, long.MaxValue / (1L << 21)) ?? d.LiveMigrationBandwidthMiBps,
            LiveMigrationDowntimeMs = settings.Integer("live_migration_downtime", 100, 2_000_000) ?? d.LiveMigrationDowntimeMs,
            LiveMigrationDowntimeSteps = settings.Integer("live_migration_downtime_steps", 3, 10_000) ?? d.LiveMigrationDowntimeSteps,
            LiveMigrationDowntimeDelaySeconds = settings.Integer("live_migration_downtime_delay", 3, 1_000_000) ?? d.LiveMigrationDowntimeDelaySeconds,
            LiveMigrationCompletionTimeoutSeconds = settings.Integer("live_migration_completion_timeout", 0, 1_000_000) ?? d.LiveMigrationCompletionTimeoutSeconds,
            LiveMigrationTimeoutAction = settings.Choice("live_migration_timeout_action", "abort", "force_complete") == "force_complete"
                ? NovaTimeoutAction.ForceComplete : NovaTimeoutAction.Abort,
            LiveMigrationPermitPostCopy = settings.Flag("live_migration_permit_post_copy") ?? false,
            LiveMigrationPermitAutoConverge = settings.Flag("live_migration_permit_auto_converge") ?? false,
        };
    }
}
