namespace MigrationSim.Model.Orchestrators.Libvirt;

/// <summary>
/// <c>orchestrator: { kind: libvirt, ... }</c>: virsh migrate's options (docs/manpages/virsh.rst,
/// tools/virsh-domain.c in libvirt), checked as virsh checks them, plus calls-at-once for the
/// script around them.
/// </summary>
public sealed class LibvirtDefinition : OrchestratorDefinition
{
    private const string Virsh = "docs/manpages/virsh.rst";

    /// <inheritdoc/>
    public override string Name => "libvirt";

    /// <inheritdoc/>
    public override string Description => "an operator's virsh migrate --live calls: --timeout with --timeout-suspend or --timeout-postcopy, --postcopy-after-precopy, --auto-converge, --bandwidth";

    /// <inheritdoc/>
    public override IReadOnlyList<OrchestratorOption> Options { get; } =
    [
        new("timeout", "none", "seconds of live migration before the timeout action", Virsh),
        new("timeout-suspend", "true with timeout", "the timeout action: suspend the guest (virsh's default)", Virsh),
        new("timeout-postcopy", "false", "the timeout action: switch to post-copy (needs postcopy)", Virsh),
        new("postcopy", "false", "postcopy-ram on (--postcopy)", Virsh),
        new("postcopy-after-precopy", "false", "switch to post-copy after the first precopy pass (needs postcopy)", Virsh),
        new("auto-converge", "false", "auto-converge on", Virsh),
        new("bandwidth", "unlimited", "max-bandwidth, MiB/s (libvirt's default: QEMU_DOMAIN_MIG_BANDWIDTH_MAX, src/qemu/qemu_domain.h)", Virsh),
        new("calls-at-once", "1", "virsh migrate calls the operator's script runs at once (virsh moves one domain per call)", "(the operator's script)"),
    ];

    /// <inheritdoc/>
    public override IReadOnlyList<string> OwnedMigrationKeys { get; } = ["policy", "max-bandwidth", "auto-converge"];

    /// <inheritdoc/>
    public override OrchestratorSpec Parse(IOrchestratorSettings settings)
    {
        long? timeout = settings.Integer("timeout", 1, 10_000_000);
        bool suspend = settings.Flag("timeout-suspend") ?? false;
        bool postcopyAction = settings.Flag("timeout-postcopy") ?? false;
        bool postcopy = settings.Flag("postcopy") ?? false;
        bool afterPrecopy = settings.Flag("postcopy-after-precopy") ?? false;
        if (suspend && postcopyAction) throw settings.Error("timeout-postcopy", "virsh takes one timeout action: timeout-suspend or timeout-postcopy, not both");
        if ((suspend || postcopyAction) && timeout is null)
            throw settings.Error(suspend ? "timeout-suspend" : "timeout-postcopy", "needs timeout: N (virsh: \"--timeout-suspend and --timeout-postcopy require --timeout\")");
        if (postcopyAction && !postcopy) throw settings.Error("timeout-postcopy", "needs postcopy: true (virsh: \"--timeout-postcopy requires --postcopy\")");
        if (afterPrecopy && !postcopy) throw settings.Error("postcopy-after-precopy", "needs postcopy: true (virsh: \"--postcopy-after-precopy requires --postcopy\")");
        long? bandwidth = settings.Integer("bandwidth", 1, long.MaxValue / (1L << 21));
        long calls = settings.Integer("calls-at-once", 1, 100_000) ?? 1;
        return new LibvirtSpec
        {
            TimeoutSeconds = timeout,
            TimeoutPostcopy = postcopyAction,
            Postcopy = postcopy,
            PostcopyAfterPrecopy = afterPrecopy,
            AutoConverge = settings.Flag("auto-converge") ?? false,
            BandwidthMiBps = bandwidth,
            CallsAtOnce = calls,
        };
    }
}
