namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// A sweep file expanded: every point validated, every run with its seed, and a fingerprint
/// of the whole expansion. Two plans with the same fingerprint run exactly the same
/// simulations, which is what lets --resume and merge refuse results of another sweep.
/// </summary>
public sealed record SweepPlan(
    SweepDefinition Definition,
    IReadOnlyList<string> ParameterHeaders,
    IReadOnlyList<SweepPoint> Points,
    IReadOnlyList<SweepRun> Runs,
    string Fingerprint)
{
    /// <summary>The sweep's name.</summary>
    public string Name => Definition.Name;
}
