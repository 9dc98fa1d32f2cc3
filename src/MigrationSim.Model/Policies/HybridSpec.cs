namespace MigrationSim.Model.Policies;

/// <summary>Precopy first, then migrate-start-postcopy when <see cref="Switch"/> fires (unless precopy converges first).</summary>
public sealed record HybridSpec : PolicySpec
{
    public HybridSpec(SwitchRule @switch)
    {
        ArgumentNullException.ThrowIfNull(@switch);
        if (!@switch.HasTrigger) throw new ArgumentException("a hybrid switch rule needs a trigger (after-iterations, after-time or on-stall)", nameof(@switch));
        Switch = @switch;
    }

    public SwitchRule Switch { get; }

    public override string Name => "hybrid";

    public override MigrationPolicy Create() => new QemuHybridPolicy(Switch);

    public override bool UsesPostcopy => true;

    public override QemuRecipe Qemu => new(PostcopyRam: true, Switch: Switch);

    public override string Describe() => $"hybrid ({Switch.Describe()})";
}
