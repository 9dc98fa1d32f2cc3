namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// A scenario key (dotted path) and the values it takes. Axes in the same zip group advance
/// together; the groups are crossed (cartesian product), the first group varying slowest.
/// Line and column locate the axis in the sweep file for error messages.
/// </summary>
public sealed record SweepAxis(string Key, IReadOnlyList<SweepValue> Values, int Line, int Column);
