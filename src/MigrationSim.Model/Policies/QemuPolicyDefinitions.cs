namespace MigrationSim.Model.Policies;

/// <summary>QEMU 7.2's precopy (the default policy).</summary>
public sealed class PrecopyDefinition : PolicyDefinition
{
    /// <inheritdoc/>
    public override string Name => "precopy";

    /// <inheritdoc/>
    public override string Description => "QEMU's precopy: iterate until the pending pages fit the downtime limit, then stop and complete";

    /// <inheritdoc/>
    public override PolicySpec Parse(IPolicySettings settings) => PrecopySpec.Instance;
}

/// <summary>QEMU's postcopy, switched at once.</summary>
public sealed class PostcopyDefinition : PolicyDefinition
{
    /// <inheritdoc/>
    public override string Name => "postcopy";

    /// <inheritdoc/>
    public override string Description => "QEMU's postcopy: move the guest at once and pull its memory after it (postcopy-ram, migrate-start-postcopy right away)";

    /// <inheritdoc/>
    public override PolicySpec Parse(IPolicySettings settings) => PostcopySpec.Instance;
}

/// <summary>Precopy, then postcopy when a switch rule fires.</summary>
public sealed class HybridDefinition : PolicyDefinition
{
    /// <inheritdoc/>
    public override string Name => "hybrid";

    /// <inheritdoc/>
    public override string Description => "precopy first, then migrate-start-postcopy when migration.switch fires";

    /// <inheritdoc/>
    public override IReadOnlyList<PolicyOption> Options { get; } =
    [
        new("switch", "when to switch: after-iterations: N, after-time: DURATION, on-stall: { dirty-fraction: F, iterations: N }; the first that fires wins",
            "{ after-iterations: 2 }"),
    ];

    /// <inheritdoc/>
    public override PolicySpec Parse(IPolicySettings settings)
    {
        var sw = settings.Section("switch")
            ?? throw settings.Error("switch", "required key is missing; add 'switch: { after-iterations: 2 }' (or after-time: 30s, or on-stall: { dirty-fraction: 0.8, iterations: 2 })");
        var rule = new SwitchRule
        {
            AfterIterations = sw.Integer("after-iterations", 0, 100_000) is { } n ? (int)n : null,
            AfterTime = sw.Duration("after-time"),
        };
        if (rule.AfterTime is { } at && at < Kernel.SimTime.Zero) throw sw.Error("after-time", "must be zero or more");
        if (sw.Section("on-stall") is { } st)
            rule = rule with { OnStall = new StallRule(st.Number("dirty-fraction", 0.01, 100) ?? 0.8, (int)(st.Integer("iterations", 1, 1000) ?? 2)) };
        if (!rule.HasTrigger)
            throw sw.Error(null, "the switch rule has no trigger; set at least one of after-iterations, after-time, on-stall");
        return new HybridSpec(rule);
    }
}
