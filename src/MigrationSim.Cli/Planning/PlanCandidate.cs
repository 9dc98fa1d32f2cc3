using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;

namespace MigrationSim.Cli.Planning;

/// <summary>
/// One setting tried by `migsim plan`: policy (with its switch rule for hybrid), bandwidth cap in
/// bytes/s (applied to precopy and to postcopy, so the cheapest-bandwidth ranking is honest),
/// downtime-limit and auto-converge.
/// </summary>
public sealed record PlanCandidate(PolicySpec Policy, string SwitchLabel, double BandwidthBytesPerSecond, string BandwidthLabel, SimTime DowntimeLimit, bool AutoConverge)
{
    public string PolicyLabel => Policy.Name;

    public string DowntimeLimitLabel => $"{DowntimeLimit.Milliseconds.ToString("0.###", CultureInfo.InvariantCulture)}ms";

    public SimulationInput Apply(SimulationInput input, SimTime maxTime) => input with
    {
        Policy = Policy,
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
