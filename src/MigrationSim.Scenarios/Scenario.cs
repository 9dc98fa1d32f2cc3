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
    /// Also refuses a setting the engine's QEMU release (host.qemu-version, or the profile's once
    /// applied) does not have. `capture` does not call it: it checks against the QEMU it runs.
    /// </summary>
    public void EnsureSimulated()
    {
        if (Features.FirstOrDefault(f => !f.Simulated) is { } f)
            throw new ScenarioException(SourceFile, f.Line, f.Column, f.Key,
                "the simulator does not model this yet (only `migsim capture` realises it, on real QEMU); remove it to simulate this scenario");
        if (QemuBehaviour.For(Input.Host.Qemu).Missing(Input.Parameters) is { } missing)
        {
            var at = Features.First(f => missing.StartsWith(f.QemuName + " ", StringComparison.Ordinal));
            throw new ScenarioException(SourceFile, at.Line, at.Column, at.Key, missing + "; set host.qemu-version: 10.0 or use a 10.0 profile");
        }
    }
}
