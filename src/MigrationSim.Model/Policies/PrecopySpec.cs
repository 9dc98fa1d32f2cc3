namespace MigrationSim.Model.Policies;

/// <summary>QEMU 7.2's precopy: iterate until pending falls below the threshold, then stop and complete.</summary>
public sealed record PrecopySpec : PolicySpec
{
    public static PrecopySpec Instance { get; } = new();

    public override string Name => "precopy";

    public override MigrationPolicy Create() => new QemuPrecopyPolicy();

    public override QemuRecipe Qemu => new(PostcopyRam: false, Switch: null);
}
