using MigrationSim.Analysis.Calibration;
using MigrationSim.Analysis.Validation;
using MigrationSim.Cli.Tests;
using MigrationSim.Traces.Loading;

namespace MigrationSim.Traces.Tests;

/// <summary>
/// The regression guard for model accuracy: calibrate on the committed reference captures'
/// calibration subset, judge the held-out ones, and hold every accuracy goal met today (and the
/// known misses no worse than today's figures). A model change that loses accuracy fails here.
/// </summary>
public class ValidationAccuracyTests
{
    private static readonly Lazy<ValidationReport> Report = new(() =>
    {
        string traces = Path.Combine(RepoPaths.Root, "results", "traces");
        var inCalibration = TracePatterns.Parse(File.ReadAllText(Path.Combine(traces, "calibration.txt")));
        var measured = Directory.GetDirectories(traces).Order(StringComparer.Ordinal)
            .Select(TraceLoader.Load).Where(x => x.Trace is not null).Select(x => x.Trace!).ToList();
        var calibration = measured.Where(t => inCalibration(t.Name)).ToList();
        var profile = Calibrator.Fit(calibration).Profile;
        return Validator.Validate(measured, profile, calibration.Select(t => t.Name).ToHashSet(), []);
    });

    [Fact]
    public void Every_reference_capture_is_usable_and_some_are_held_out()
    {
        var r = Report.Value;
        Assert.True(r.Traces.Count >= 48, $"{r.Traces.Count} usable traces");
        Assert.True(r.HeldOut.Count() >= 34, $"{r.HeldOut.Count()} held out");
    }

    [Theory]
    [InlineData("precopy", "total time: median |error| <= 1.5%")]
    [InlineData("precopy", "total time: 90th percentile |error| <= 4%")]
    [InlineData("precopy", "bytes transferred: median |error| <= 1.5%")]
    [InlineData("precopy", "bytes transferred: 90th percentile |error| <= 4%")]
    [InlineData("precopy", "converged or not: right in every trace")]
    [InlineData("precopy", "downtime within max(30%, 5 ms) in >= 80% of traces")]
    [InlineData("hybrid", "total time: median |error| <= 3%")]
    [InlineData("hybrid", "converged or not: right in every trace")]
    [InlineData("hybrid", "postcopy requests: median |error| <= 30%")]
    [InlineData("precopy", "guest pause within max(30%, 5 ms) in >= 80% of traces")]
    [InlineData("postcopy", "guest pause within max(30%, 5 ms) in >= 80% of traces")]
    [InlineData("hybrid", "guest pause within max(30%, 5 ms) in >= 80% of traces")]
    [InlineData("postcopy", "postcopy requests: median |error| <= 30%")]
    [InlineData("postcopy", "converged or not: right in every trace")]
    public void Goals_met_today_stay_met(string policy, string goal)
    {
        var g = Report.Value.Goals.Single(x => x.Policy == policy && x.Goal.StartsWith(goal, StringComparison.Ordinal));
        Assert.True(g.Met, $"{policy}: {g.Goal}: now {g.Measured}");
    }

    [Fact]
    public void Known_misses_get_no_worse()
    {
        var r = Report.Value;
        // postcopy total time: 3.8% today (the 512 MiB guests' bytes come out 1-4% short)
        Assert.True(r.Stats(Metric.TotalTime, true, "postcopy")!.MedianAbs <= 5);
        // hybrid postcopy requests: 8.3% since the guest resumes on the destination after its real pause
        // (discard of the fragmented dirty set, 2.4 us per range); 37.5% before, when it resumed 1.4 ms after the stop.
        Assert.True(r.Stats(Metric.PostcopyRequests, true, "hybrid")!.MedianAbs <= 15);
        // postcopy requests: 16.7% (11.3% before the pause model; the goal of issue 15 is 15%)
        Assert.True(r.Stats(Metric.PostcopyRequests, true, "postcopy")!.MedianAbs <= 20);
        // iterations: exact wherever the real repeats agree with each other
        var held = r.HeldOut.Where(t => t.Measured.Policy == "precopy" && t.Measured.Converged).ToList();
        double exact = held.Count(t => t.Simulated.DirtySyncCount == t.Measured.DirtySyncCount) / (double)held.Count;
        Assert.True(exact >= 0.75, $"iterations exact in {exact:P0}");
    }

    [Fact]
    public void The_simulator_beats_the_fluid_model_on_precopy_time_and_bytes()
    {
        var r = Report.Value;
        foreach (var m in new[] { Metric.TotalTime, Metric.Transferred })
        {
            var sim = r.Stats(m, true, "precopy")!;
            var fluid = r.Stats(m, false, "precopy")!;
            Assert.True(sim.MedianAbs < fluid.MedianAbs && sim.P90Abs < fluid.P90Abs, $"{m}: simulator {sim.MedianAbs:0.##}/{sim.P90Abs:0.##}% vs fluid {fluid.MedianAbs:0.##}/{fluid.P90Abs:0.##}%");
        }
    }
}
