using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios;

/// <summary>A parsed, validated scenario: what to simulate, and the text it came from (kept verbatim for captures).</summary>
public sealed record Scenario(string Name, string SourceFile, string SourceText, SimulationInput Input)
{
    /// <summary>The scenario's description: key, if any.</summary>
    public string? Description { get; init; }

    /// <summary>The migration features the scenario sets (xbzrle, multifd, ...), with where it sets them.</summary>
    public IReadOnlyList<FeatureSetting> Features { get; init; } = [];

    /// <summary>
    /// Throws a <see cref="ScenarioException"/> at the first feature the simulator does not
    /// model yet: a prediction that silently ignored it would be wrong without saying so.
    /// </summary>
    public void EnsureSimulated()
    {
        if (Features.FirstOrDefault(f => !f.Simulated) is { } f)
            throw new ScenarioException(SourceFile, f.Line, f.Column, f.Key,
                "the simulator does not model this yet (only `migsim capture` realises it, on real QEMU); remove it to simulate this scenario");
    }
}
