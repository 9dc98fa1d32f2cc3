using MigrationSim.Analysis.Fleets;
using MigrationSim.Cli.Validation;
using MigrationSim.Scenarios;

namespace MigrationSim.Cli.Tests;

/// <summary>
/// The regression guard for fleets: the committed concurrent captures (results/fleet-traces),
/// simulated with the host constants fitted on single captures and nothing fitted on them, stay
/// within today's errors (README, Accuracy).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public class FleetValidationAccuracyTests
{
    private static readonly Lazy<IReadOnlyList<FleetValidation>> Report = new(() =>
    {
        var profile = HostProfileFile.Load(Path.Combine(RepoPaths.Root, "results", "validation", "profile-tcg-qemu7.2.yaml"));
        var fleets = Directory.GetDirectories(Path.Combine(RepoPaths.Root, "results", "fleet-traces")).Order(StringComparer.Ordinal)
            .Select(f => FleetTraceLoader.Load(f, profile)).ToList();
        Assert.All(fleets, f => Assert.True(f.Fleet is not null, f.Reason));
        return FleetValidator.Validate(fleets.Select(f => f.Fleet!));
    });

    [Fact]
    public void Every_fleet_capture_is_usable_and_the_set_covers_what_the_issue_asks()
    {
        var r = Report.Value;
        Assert.True(r.Count >= 8, $"{r.Count} fleet captures");
        Assert.Contains(r, f => f.Migrations.Count == 2);
        Assert.Contains(r, f => f.Migrations.Count == 3);
        Assert.Contains(r, f => f.Measured.Topology == "host links");
        Assert.Contains(r, f => f.Measured.Topology.StartsWith("shared link", StringComparison.Ordinal));
        Assert.All(r, f => Assert.All(f.Migrations, m => Assert.True(m.SimulatedCompleted, $"{f.Measured.Name}/{m.Measured.Guest}")));
    }

    [Fact]
    public void Migration_times_and_makespans_stay_within_todays_errors()
    {
        var r = Report.Value;
        var time = FleetValidator.Spread(r.SelectMany(f => f.Migrations).Select(m => m.TotalTimeError));
        var bytes = FleetValidator.Spread(r.SelectMany(f => f.Migrations).Select(m => m.BytesError));
        var makespan = FleetValidator.Spread(r.Select(f => f.MakespanError));
        // Today: time 4.7% / 13.3%, bytes 2.8% / 8.0%, makespan 2.8% / 9.7% (median / p90 of |error|).
        Assert.True(time.Median <= 0.055 && time.P90 <= 0.14, $"migration time {time.Median:P1} / {time.P90:P1}");
        Assert.True(bytes.Median <= 0.03 && bytes.P90 <= 0.09, $"bytes {bytes.Median:P1} / {bytes.P90:P1}");
        Assert.True(makespan.Median <= 0.03 && makespan.P90 <= 0.105, $"makespan {makespan.Median:P1} / {makespan.P90:P1}");
    }

    [Fact]
    public void The_guest_pause_is_judged_against_the_measured_pause_and_the_downtime_against_the_downtime()
    {
        var all = Report.Value.SelectMany(f => f.Migrations).ToList();
        Assert.All(all, m => Assert.True(m.SimulatedGuestPauseMs > m.SimulatedDowntimeMs, $"{m.Fleet}/{m.Measured.Guest}: pause {m.SimulatedGuestPauseMs} ms, downtime {m.SimulatedDowntimeMs} ms"));
        var pause = FleetValidator.Spread(all.Select(m => m.PauseError!.Value));
        // Today 21.7% / 52.1% (it read 25.9% / 56.7% when the simulated downtime stood in for the pause).
        // The misses: a stream that fills its socket and tbf queue leaves 135-470 ms of data in flight at
        // the stop on these shaped links, which the 256 KiB socket buffer of the single-capture profile does not hold.
        Assert.True(pause.Median <= 0.24 && pause.P90 <= 0.56, $"guest pause {pause.Median:P1} / {pause.P90:P1}");
        Assert.Equal(all.Count, all.Count(m => m.DowntimeError is not null));
    }

    [Fact]
    public void Through_veth_links_the_headers_tbf_counts_are_modelled()
    {
        // Two migrations through one 24 MiB/s veth uplink: with the links' full rate as stream the
        // fleet came out 6.7% early; 1448 of every 1514 bytes tbf counts are stream.
        var pair = Report.Value.Single(f => f.Measured.Name == "hosts-uplink-pair");
        Assert.InRange(pair.MakespanError, -0.02, 0.02);
        Assert.Equal(1500, pair.Measured.Spec.Network.MtuBytes);
        Assert.Equal(65536, Report.Value.Single(f => f.Measured.Name == "pair-equal-shared").Measured.Spec.Network.MtuBytes);
    }
}
