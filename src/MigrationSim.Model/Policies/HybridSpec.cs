namespace MigrationSim.Model.Policies;

/// <summary>Precopy first, then migrate-start-postcopy when <see cref="Switch"/> fires (unless precopy converges first).</summary>
public sealed record HybridSpec : PolicySpec
{
    /// <summary>Hybrid with <paramref name="switch"/>, which must have a trigger.</summary>
    public HybridSpec(SwitchRule @switch)
    {
        ArgumentNullException.ThrowIfNull(@switch);
        if (!@switch.HasTrigger) throw new ArgumentException("a hybrid switch rule needs a trigger (after-iterations, after-time or on-stall)", nameof(@switch));
        Switch = @switch;
    }

    /// <summary>When migrate-start-postcopy is issued.</summary>
    public SwitchRule Switch { get; }

    /// <inheritdoc/>
    public override string Name => "hybrid";

    /// <inheritdoc/>
    public override MigrationPolicy Create() => new QemuHybridPolicy(Switch);

    /// <inheritdoc/>
    public override bool UsesPostcopy => true;

    /// <inheritdoc/>
    public override QemuRecipe Qemu => new(PostcopyRam: true, Switch: Switch);

    /// <inheritdoc/>
    public override string Describe() => $"hybrid ({Switch.Describe()})";
}
