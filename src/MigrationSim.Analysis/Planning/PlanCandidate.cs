using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;

namespace MigrationSim.Analysis.Planning;

/// <summary>
/// One setting tried by the planner: policy (with its switch rule for hybrid), bandwidth cap in
/// bytes/s (applied to precopy and to postcopy, so a bandwidth ranking is honest), downtime-limit
/// and auto-converge.
/// </summary>
public sealed record PlanCandidate(PlanPolicy Policy, SwitchRule? Switch, string SwitchLabel, double BandwidthBytesPerSecond, string BandwidthLabel, SimTime DowntimeLimit, bool AutoConverge)
{
    /// <summary>The scenario's policy, for <see cref="PlanPolicy.Scenario"/>.</summary>
    public PolicySpec? ScenarioPolicy { get; init; }

    /// <summary>The policy's name: "precopy", or a plug-in's.</summary>
    public string PolicyLabel => ScenarioPolicy?.Name ?? Policy.ToString().ToLowerInvariant();

    /// <summary>The migration may switch to postcopy (QEMU's postcopy-ram capability).</summary>
    public bool UsesPostcopy => Policy is PlanPolicy.Postcopy or PlanPolicy.Hybrid || (ScenarioPolicy?.UsesPostcopy ?? false);

    /// <summary>"hybrid (after 1 iteration)", "precopy".</summary>
    public string Label => SwitchLabel.Length > 0 ? $"{PolicyLabel} ({SwitchLabel})" : PolicyLabel;

    public string DowntimeLimitLabel => $"{DowntimeLimit.Milliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";

    /// <summary>Postcopy stops the source at once: its downtime-limit and auto-converge play no part.</summary>
    public bool UsesPrecopyKnobs => Policy != PlanPolicy.Postcopy;

    /// <summary>The scenario with this setting; runs past <paramref name="maxTime"/> are cancelled. The one place that maps the planner's policy onto the engine's.</summary>
    public SimulationInput Apply(SimulationInput input, SimTime maxTime) => input with
    {
        Policy = Policy switch
        {
            PlanPolicy.Postcopy => PostcopySpec.Instance,
            PlanPolicy.Hybrid => new HybridSpec(Switch!),
            PlanPolicy.Scenario => ScenarioPolicy ?? input.Policy,
            _ => PrecopySpec.Instance,
        },
        Parameters = input.Parameters with
        {
            MaxBandwidthBytesPerSecond = BandwidthBytesPerSecond,
            MaxPostcopyBandwidthBytesPerSecond = BandwidthBytesPerSecond,
            DowntimeLimit = DowntimeLimit,
            AutoConverge = input.Parameters.AutoConverge with { Enabled = AutoConverge },
            MaxTime = maxTime < input.Parameters.MaxTime ? maxTime : input.Parameters.MaxTime,
        },
    };
}
