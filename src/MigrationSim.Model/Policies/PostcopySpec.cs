namespace MigrationSim.Model.Policies;

/// <summary>QEMU's postcopy: migrate-start-postcopy right away, so the guest moves at the first iterate check.</summary>
public sealed record PostcopySpec : PolicySpec
{
    /// <summary>The one instance (postcopy has no settings).</summary>
    public static PostcopySpec Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "postcopy";

    /// <inheritdoc/>
    public override MigrationPolicy Create() => new QemuPostcopyPolicy();

    /// <inheritdoc/>
    public override bool UsesPostcopy => true;

    /// <inheritdoc/>
    public override QemuRecipe Qemu => new(PostcopyRam: true, Switch: SwitchRule.Immediately);
}
