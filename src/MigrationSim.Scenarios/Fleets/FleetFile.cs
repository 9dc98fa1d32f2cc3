using MigrationSim.Model.Fleets;

namespace MigrationSim.Scenarios.Fleets;

/// <summary>A parsed, validated fleet file: what to simulate, the text it came from, and each guest as a scenario of its own (what a capture runs).</summary>
public sealed record FleetFile(string Name, string SourceFile, string SourceText, FleetSpec Spec)
{
    /// <summary>The file's description: key, if any.</summary>
    public string? Description { get; init; }

    /// <summary>Remarks about the plan (a host rebalancing could not bring down), printed with the results.</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>Each guest as a standalone scenario file's text (guest, workload, migration, host constants, network): what a capture of the fleet runs for it.</summary>
    public IReadOnlyDictionary<string, string> GuestScenarios { get; init; } = new Dictionary<string, string>();

    /// <summary>The migration features guests set that the simulator does not model (multifd compression, ...), with where; only a capture may run them.</summary>
    public IReadOnlyList<FeatureSetting> Features { get; init; } = [];

    /// <summary>Throws at the first feature the simulator does not model (see <see cref="Scenario.EnsureSimulated"/>).</summary>
    public void EnsureSimulated()
    {
        if (Features.FirstOrDefault(f => !f.Simulated) is { } f)
            throw new ScenarioException(SourceFile, f.Line, f.Column, f.Key,
                "the simulator does not model this yet (only `migsim capture` realises it, on real QEMU); remove it to simulate this fleet");
    }
}
