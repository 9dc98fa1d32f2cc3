using MigrationSim.Model.Migration;

namespace MigrationSim.Analysis.Planning;

/// <summary>
/// One version of the guest to plan for: the scenario as written, or the same guest at another
/// dirty rate (a measured rate, or one end of a range). <see cref="Label"/> names it in the output.
/// </summary>
public sealed record PlanWorkload(string Label, SimulationInput Input);
