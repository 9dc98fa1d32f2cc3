namespace MigrationSim.Model.Orchestrators.KubeVirt;

/// <summary>
/// <c>orchestrator: { kind: kubevirt, ... }</c>: the fields of the KubeVirt CR's
/// spec.configuration.migrations, spelt as there, bandwidthPerMigration as a Kubernetes quantity.
/// Defaults checked against kubevirt pkg/virt-config/virt-config.go (ParallelMigrationsPerClusterDefault
/// 5, ParallelOutboundMigrationsPerNodeDefault 2, BandwidthPerMigrationDefault "0Mi",
/// MigrationCompletionTimeoutPerGiB 150, MigrationProgressTimeout 150, allowAutoConverge and
/// allowPostCopy false, allowWorkloadDisruption following allowPostCopy).
/// </summary>
public sealed class KubeVirtDefinition : OrchestratorDefinition
{
    private const string Config = "pkg/virt-config/virt-config.go";
    private const string Monitor = "pkg/virt-launcher/virtwrap/live-migration-source.go";

    /// <inheritdoc/>
    public override string Name => "kubevirt";

    /// <inheritdoc/>
    public override string Description => "KubeVirt: cluster and per-node parallelism, completion budget per GiB, progress timeout, post-copy or pause when the budget runs out";

    /// <inheritdoc/>
    public override IReadOnlyList<OrchestratorOption> Options { get; } =
    [
        new("parallelMigrationsPerCluster", "5", "migrations running at once in the cluster (at least 1)", Config),
        new("parallelOutboundMigrationsPerNode", "2", "migrations running at once out of one node (at least 1)", Config),
        new("bandwidthPerMigration", "0Mi", "max-bandwidth per migration as a Kubernetes quantity per second (64Mi = 64 MiB/s); 0Mi: unlimited", Config),
        new("completionTimeoutPerGiB", "150", "seconds per GB of guest memory (10^9 bytes, rounded up) before it is aborted, or switched/paused; 0: none", Monitor),
        new("progressTimeout", "150", "seconds without the remaining data shrinking before it is aborted; 0: none", Monitor),
        new("allowAutoConverge", "false", "auto-converge on", Config),
        new("allowPostCopy", "false", "postcopy-ram on; the completion budget switches to post-copy instead of aborting", Config),
        new("allowWorkloadDisruption", "allowPostCopy", "when the budget runs out, switch to post-copy (if allowed) or pause the guest and double the budget, instead of aborting", Config),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> OwnedMigrationKeys { get; } = ["policy", "max-bandwidth", "auto-converge"];

    /// <inheritdoc/>
    public override OrchestratorSpec Parse(IOrchestratorSettings settings)
    {
        var d = new KubeVirtSpec();
        double bandwidth = 0;
        if (settings.Text("bandwidthPerMigration") is { } text)
        {
            bandwidth = KubernetesQuantity.Parse(text, out string error) ?? throw settings.Error("bandwidthPerMigration", error);
            if (bandwidth < 0) throw settings.Error("bandwidthPerMigration", "must be zero (unlimited) or more");
        }
        return d with
        {
            ParallelMigrationsPerCluster = Positive("parallelMigrationsPerCluster") ?? d.ParallelMigrationsPerCluster,
            ParallelOutboundMigrationsPerNode = Positive("parallelOutboundMigrationsPerNode") ?? d.ParallelOutboundMigrationsPerNode,
            BandwidthPerMigrationBytesPerSecond = bandwidth,
            CompletionTimeoutPerGiB = settings.Integer("completionTimeoutPerGiB", 0, 10_000_000) ?? d.CompletionTimeoutPerGiB,
            ProgressTimeout = settings.Integer("progressTimeout", 0, 10_000_000) ?? d.ProgressTimeout,
            AllowAutoConverge = settings.Flag("allowAutoConverge") ?? false,
            AllowPostCopy = settings.Flag("allowPostCopy") ?? false,
            AllowWorkloadDisruption = settings.Flag("allowWorkloadDisruption"),
        };

        long? Positive(string key)
        {
            long? v = settings.Integer(key, 0, uint.MaxValue);
            if (v == 0) throw settings.Error(key, "0 would let no migration start (KubeVirt counts running migrations against it); use 1 or more");
            return v;
        }
    }
}
