namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// One combination of axis values, already validated as a scenario. <see cref="ParameterValues"/>
/// line up with <see cref="SweepPlan.ParameterHeaders"/>.
/// </summary>
public sealed record SweepPoint(int Index, IReadOnlyList<string> ParameterValues, Scenario Scenario, string Description);
