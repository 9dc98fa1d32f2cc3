using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios;

/// <summary>A parsed, validated scenario: what to simulate, and the text it came from (kept verbatim for captures).</summary>
public sealed record Scenario(string Name, string SourceFile, string SourceText, SimulationInput Input)
{
    public string? Description { get; init; }
}
