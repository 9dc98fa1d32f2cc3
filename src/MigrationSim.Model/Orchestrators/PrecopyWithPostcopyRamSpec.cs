using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Orchestrators;

/// <summary>
/// QEMU's precopy with the postcopy-ram capability on (libvirt's VIR_MIGRATE_POSTCOPY): it runs
/// as plain precopy and switches only when someone issues migrate-start-postcopy (an
/// orchestrator's timeout action, or its force-complete).
/// </summary>
public sealed record PrecopyWithPostcopyRamSpec : PolicySpec
{
    public static PrecopyWithPostcopyRamSpec Instance { get; } = new();

    public override string Name => "precopy";

    public override MigrationPolicy Create() => new QemuPrecopyPolicy();

    public override bool UsesPostcopy => true;

    public override QemuRecipe Qemu => new(PostcopyRam: true, Switch: null);

    public override string Describe() => "precopy (postcopy-ram on)";
}
