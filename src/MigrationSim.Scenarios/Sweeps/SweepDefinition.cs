using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// A parsed sweep file before expansion. <see cref="LoadBase"/> builds a fresh tree of the base
/// scenario each time it is called, from its parser events recorded once (<see cref="Yaml.YamlRecording"/>):
/// a fresh tree per point keeps the base file's line numbers (a copied YamlDotNet node has none),
/// so a point that is not a valid scenario is reported at the right line.
/// </summary>
public sealed record SweepDefinition
{
    /// <summary>The sweep's name (results folder, fingerprint header).</summary>
    public required string Name { get; init; }
    /// <summary>The sweep file.</summary>
    public required string File { get; init; }
    /// <summary>A fresh copy of the base scenario's tree, with its line numbers.</summary>
    public required Func<YamlMappingNode> LoadBase { get; init; }
    /// <summary>The base scenario's file (the sweep file for an inline base).</summary>
    public required string BaseFile { get; init; }
    /// <summary>The base scenario's text.</summary>
    public required string BaseText { get; init; }
    /// <summary>The axes in file order.</summary>
    public required IReadOnlyList<SweepAxis> Axes { get; init; }

    /// <summary>Keys set on every point before the axes (the sweep's top-level <c>set:</c>), e.g. a shorter max-time on a base file.</summary>
    public IReadOnlyList<SweepSetting> Set { get; init; } = [];

    /// <summary>Axis indices that advance together; every axis is in exactly one group, groups in file order.</summary>
    public required IReadOnlyList<IReadOnlyList<int>> Groups { get; init; }

    /// <summary>Runs per point, each with its own derived seed (1 or more).</summary>
    public int Replications { get; init; } = 1;

    /// <summary>Seed from which every run's seed derives; null = each point's scenario seed.</summary>
    public ulong? Seed { get; init; }

    /// <summary>Where 'axes:' is in the sweep file (errors about a whole point are reported there).</summary>
    public int AxesLine { get; init; }
    /// <summary>Column of 'axes:'.</summary>
    public int AxesColumn { get; init; }

    /// <summary>Policies the points may name (built-in ones plus plug-ins); null = QEMU's built-in ones.</summary>
    public MigrationSim.Model.Policies.PolicyRegistry? Policies { get; init; }
}
