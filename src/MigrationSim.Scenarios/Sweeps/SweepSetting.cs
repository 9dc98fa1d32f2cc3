using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// One scenario key set by a sweep: a dotted path (e.g. <c>migration.switch</c>) and the YAML
/// value to put there; a null <see cref="Node"/> removes the key from the base scenario.
/// <see cref="Line"/> and <see cref="Column"/> point into the sweep file, so an error about the
/// key is reported where the user wrote it.
/// </summary>
public sealed record SweepSetting(string Key, YamlNode? Node, int Line, int Column);
