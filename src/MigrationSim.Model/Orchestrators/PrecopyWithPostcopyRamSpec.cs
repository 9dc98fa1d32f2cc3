using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Orchestrators;

/// <summary>
/// QEMU's precopy with the postcopy-ram capability on (libvirt's VIR_MIGRATE_POSTCOPY): it runs
/// as plain precopy and switches only when someone issues migrate-start-postcopy (an
/// orchestrator's timeout action, or its force-complete).
/// </summary>
public sealed record PrecopyWithPostcopyRamSpec : PolicySpec
{
    /// <inheritdoc/>
    public static PrecopyWithPostcopyRamSpec Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "precopy";

    /// <inheritdoc/>
    public override MigrationPolicy Create() => new QemuPrecopyPolicy();

    /// <inheritdoc/>
    public override bool UsesPostcopy => true;

    /// <inheritdoc/>
    public override QemuRecipe Qemu => new(PostcopyRam: true, Switch: null);

    /// <inheritdoc/>
    public override string Describe() => "precopy (postcopy-ram on)";
}
