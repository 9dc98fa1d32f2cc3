namespace MigrationSim.Model.Policies;

/// <summary>QEMU's postcopy: migrate-start-postcopy right away, so the guest moves at the first iterate check.</summary>
public sealed record PostcopySpec : PolicySpec
{
    public static PostcopySpec Instance { get; } = new();

    public override string Name => "postcopy";

    public override MigrationPolicy Create() => new QemuPostcopyPolicy();

    public override bool UsesPostcopy => true;

    public override QemuRecipe Qemu => new(PostcopyRam: true, Switch: SwitchRule.Immediately);
}
