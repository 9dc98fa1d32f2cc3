using System.Globalization;

namespace MigrationSim.Model.Orchestrators.KubeVirt;

/// <summary>
/// KubeVirt's migration configuration (spec.configuration.migrations of the KubeVirt CR), under
/// its field names; defaults as in kubevirt pkg/virt-config/virt-config.go.
/// </summary>
public sealed record KubeVirtSpec : OrchestratorSpec
{
    /// <summary>parallelMigrationsPerCluster: migrations running at once in the cluster.</summary>
    public long ParallelMigrationsPerCluster { get; init; } = 5;

    /// <summary>parallelOutboundMigrationsPerNode: migrations running at once out of one node.</summary>
    public long ParallelOutboundMigrationsPerNode { get; init; } = 2;

    /// <summary>bandwidthPerMigration, bytes/s ("0Mi": not set, libvirt's unlimited).</summary>
    public double BandwidthPerMigrationBytesPerSecond { get; init; }

    /// <summary>completionTimeoutPerGiB, seconds per (decimal) GB of guest memory; 0: none.</summary>
    public long CompletionTimeoutPerGiB { get; init; } = 150;

    /// <summary>progressTimeout, seconds without the remaining data shrinking; 0: none.</summary>
    public long ProgressTimeout { get; init; } = 150;

    /// <summary>allowAutoConverge: migrations run with auto-converge.</summary>
    public bool AllowAutoConverge { get; init; }

    /// <summary>allowPostCopy: postcopy-ram on, so the budget running out switches to postcopy.</summary>
    public bool AllowPostCopy { get; init; }

    /// <summary>allowWorkloadDisruption; null: follows allowPostCopy (GetMigrationConfiguration).</summary>
    public bool? AllowWorkloadDisruption { get; init; }

    /// <summary>What applies: allowWorkloadDisruption, or allowPostCopy when it is not set.</summary>
    public bool WorkloadDisruption => AllowWorkloadDisruption ?? AllowPostCopy;

    /// <inheritdoc/>
    public override string Name => "kubevirt";

    /// <inheritdoc/>
    public override Orchestrator Create() => new KubeVirtOrchestrator(this);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Option, string Value)> Settings =>
    [
        ("parallelMigrationsPerCluster", I(ParallelMigrationsPerCluster)),
        ("parallelOutboundMigrationsPerNode", I(ParallelOutboundMigrationsPerNode)),
        ("bandwidthPerMigration", BandwidthPerMigrationBytesPerSecond > 0 ? $"{(BandwidthPerMigrationBytesPerSecond / (1 << 20)).ToString("0.###", CultureInfo.InvariantCulture)}Mi" : "0Mi"),
        ("completionTimeoutPerGiB", I(CompletionTimeoutPerGiB)),
        ("progressTimeout", I(ProgressTimeout)),
        ("allowAutoConverge", B(AllowAutoConverge)),
        ("allowPostCopy", B(AllowPostCopy)),
        ("allowWorkloadDisruption", B(WorkloadDisruption)),
    ];

    private static string I(long v) => v.ToString(CultureInfo.InvariantCulture);

    private static string B(bool v) => v ? "true" : "false";
}
