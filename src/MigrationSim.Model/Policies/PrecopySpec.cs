namespace MigrationSim.Model.Policies;

/// <summary>QEMU 7.2's precopy: iterate until pending falls below the threshold, then stop and complete.</summary>
public sealed record PrecopySpec : PolicySpec
{
    /// <summary>The one instance (precopy has no settings).</summary>
    public static PrecopySpec Instance { get; } = new();

    /// <inheritdoc/>
    public override string Name => "precopy";

    /// <inheritdoc/>
    public override MigrationPolicy Create() => new QemuPrecopyPolicy();

    /// <inheritdoc/>
    public override QemuRecipe Qemu => new(PostcopyRam: false, Switch: null);
}
