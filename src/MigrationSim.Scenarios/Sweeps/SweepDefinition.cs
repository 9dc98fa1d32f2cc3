using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// A parsed sweep file before expansion. <see cref="LoadBase"/> re-parses the base scenario
/// each time it is called: a fresh tree per point keeps the base file's line numbers (a copied
/// YamlDotNet node has none), so a point that is not a valid scenario is reported at the right line.
/// </summary>
public sealed record SweepDefinition
{
    public required string Name { get; init; }
    public required string File { get; init; }
    public required Func<YamlMappingNode> LoadBase { get; init; }
    public required string BaseFile { get; init; }
    public required string BaseText { get; init; }
    public required IReadOnlyList<SweepAxis> Axes { get; init; }

    /// <summary>Keys set on every point before the axes (the sweep's top-level <c>set:</c>), e.g. a shorter max-time on a base file.</summary>
    public IReadOnlyList<SweepSetting> Set { get; init; } = [];

    /// <summary>Axis indices that advance together; every axis is in exactly one group, groups in file order.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Groups { get; init; }

    public int Replications { get; init; } = 1;

    /// <summary>Seed from which every run's seed derives; null = each point's scenario seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Where 'axes:' is in the sweep file (errors about a whole point are reported there).</summary>
    public int AxesLine { get; init; }
    public int AxesColumn { get; init; }

    /// <summary>Policies the points may name (built-in ones plus plug-ins); null = QEMU's built-in ones.</summary>
    public MigrationSim.Model.Policies.PolicyRegistry? Policies { get; init; }
}
