using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// One value of an axis: the YAML node put at the axis key (null removes the key), the text
/// written to results.csv (<see cref="Label"/>), and the extra keys this value needs
/// (the axis's <c>set:</c>, e.g. a switch rule for <c>policy: hybrid</c>).
/// </summary>
public sealed record SweepValue(string Label, YamlNode? Node, IReadOnlyList<SweepSetting> Also);
