using System.Globalization;

namespace MigrationSim.Model.Orchestrators.Libvirt;

/// <summary>
/// An operator's script of <c>virsh migrate --live</c> calls, under virsh's option names
/// (docs/manpages/virsh.rst, tools/virsh-domain.c): one migration per call.
/// </summary>
public sealed record LibvirtSpec : OrchestratorSpec
{
    /// <summary>--timeout N: seconds of live migration before the timeout action; null: none.</summary>
    public long? TimeoutSeconds { get; init; }

    /// <summary>--timeout-postcopy (else --timeout-suspend, virsh's default action).</summary>
    public bool TimeoutPostcopy { get; init; }

    /// <summary>--postcopy: postcopy-ram on.</summary>
    public bool Postcopy { get; init; }

    /// <summary>--postcopy-after-precopy: switch to post-copy once the first precopy pass is done.</summary>
    public bool PostcopyAfterPrecopy { get; init; }

    /// <summary>--auto-converge.</summary>
    public bool AutoConverge { get; init; }

    /// <summary>--bandwidth, MiB/s; null: libvirt's default (unlimited).</summary>
    public long? BandwidthMiBps { get; init; }

    /// <summary>How many virsh migrate calls the script runs at once (not a virsh option: virsh migrates one domain per call).</summary>
    public long CallsAtOnce { get; init; } = 1;

    /// <inheritdoc/>
    public override string Name => "libvirt";

    /// <inheritdoc/>
    public override Orchestrator Create() => new LibvirtOrchestrator(this);

    /// <inheritdoc/>
    public override IReadOnlyList<(string Option, string Value)> Settings
    {
        get
        {
            var c = CultureInfo.InvariantCulture;
            var s = new List<(string, string)> { ("calls-at-once", CallsAtOnce.ToString(c)) };
            if (BandwidthMiBps is { } b) s.Add(("bandwidth", b.ToString(c)));
            if (AutoConverge) s.Add(("auto-converge", "true"));
            if (Postcopy) s.Add(("postcopy", "true"));
            if (PostcopyAfterPrecopy) s.Add(("postcopy-after-precopy", "true"));
            if (TimeoutSeconds is { } t) s.Add(("timeout", t.ToString(c)));
            if (TimeoutSeconds is not null) s.Add((TimeoutPostcopy ? "timeout-postcopy" : "timeout-suspend", "true"));
            return s;
        }
    }
}
