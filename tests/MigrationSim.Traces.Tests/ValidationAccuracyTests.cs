using MigrationSim.Model.Results;
using MigrationSim.Analysis.Validation;
using MigrationSim.Cli.Tests;
using MigrationSim.Traces.Loading;
using MigrationSim.Traces.Validation;

namespace MigrationSim.Traces.Tests;

/// <summary>
/// The regression guard for model accuracy, for each QEMU release's reference set (7.2 in
/// results/traces, 10.0 in results/traces/qemu-10.0): calibrate on the set's calibration subset,
/// judge the held-out captures, and hold every accuracy goal met today (and the known misses no
/// worse than today's figures). A model change that loses accuracy fails here.
/// </summary>
public class ValidationAccuracyTests
{
    /// <summary>validate on a reference set under results/traces, calibrated on the subset its calibration.txt names.</summary>
    private static ValidationRun Validate(params string[] set)
    {
        string traces = Path.Combine([RepoPaths.Root, "results", "traces", .. set]);
        var (measured, unusable) = TraceFolders.LoadAll(TraceFolders.Expand([traces]));
        return ValidationRun.Execute(measured, unusable, File.ReadAllText(Path.Combine(traces, TraceFolders.CalibrationFile)).Trim(), null, null);
    }

    private static readonly Lazy<ValidationRun> Run = new(() => Validate());

    private static ValidationReport Report => Run.Value.Report;

    private static readonly Lazy<ValidationRun> Run10 = new(() => Validate("qemu-10.0"));

    [Fact]
    public void Every_constant_is_fitted_so_the_goals_are_judged()
    {
        Assert.Empty(Run.Value.Fitted.UnfittedKeys);
        Assert.False(Run.Value.GoalsWithheld);
    }

    [Fact]
    public void Every_reference_capture_is_usable_and_some_are_held_out()
    {
        var r = Report;
        Assert.True(r.Traces.Count >= 48, $"{r.Traces.Count} usable traces");
        Assert.True(r.HeldOut.Count() >= 34, $"{r.HeldOut.Count()} held out");
    }

    [Theory]
    [InlineData("precopy", "total time: median |error| <= 1%")]
    [InlineData("precopy", "iterations (dirty-sync-count) exact in >= 90% of traces whose repeats agree")]
    [InlineData("precopy", "converged or not: right in every trace")]
    [InlineData("precopy", "downtime within max(30%, 5 ms) in >= 90% of traces")]
    [InlineData("precopy", "guest pause within max(30%, 5 ms) in >= 90% of traces")]
    [InlineData("precopy, cancelled", "bytes transferred by max-time: median |error| <= 3%")]
    [InlineData("precopy, cancelled", "converged or not: right in every trace")]
    [InlineData("hybrid", "total time: median |error| <= 3%")]
    [InlineData("hybrid", "converged or not: right in every trace")]
    [InlineData("hybrid", "downtime within max(30%, 5 ms) in >= 90% of traces")]
    // Hybrid guest pause (100% of 4 before) is lost since the switch rule is honoured at the next check: the
    // 512 MiB after5s-r2 pause comes out 36.0 ms against 27.6 (30.4%, bound 30%; its repeat took 36.2 ms).
    [InlineData("postcopy", "converged or not: right in every trace")]
    [InlineData("postcopy", "downtime within max(30%, 5 ms) in >= 90% of traces")]
    [InlineData("postcopy", "guest pause within max(30%, 5 ms) in >= 90% of traces")]
    public void Goals_met_today_stay_met(string group, string goal)
    {
        var g = Report.Goals.Single(x => x.Policy == group && x.Goal.StartsWith(goal, StringComparison.Ordinal));
        Assert.True(g.Met, $"{group}: {g.Goal}: now {g.Measured}");
    }

    [Fact]
    public void Known_misses_get_no_worse()
    {
        var r = Report;
        // Converged precopy, held out: time 0.88% / 4.6% (median / p90, R's type 8), bytes 1.03% / 3.0%;
        // issue 15 asks 1% / 2.5%. (Counting the traces cancelled at max-time, whose time error is zero
        // by construction, made these read 0.7% / 3.88% before.)
        var time = r.Stats(Metrics.TotalTime, true, "precopy")!;
        var bytes = r.Stats(Metrics.Transferred, true, "precopy")!;
        Assert.True(time.P90Abs <= 5, $"precopy time p90 {time.P90Abs}");
        Assert.True(bytes.MedianAbs <= 1.1 && bytes.P90Abs <= 3.2, $"precopy bytes {bytes.MedianAbs} / {bytes.P90Abs}");
        // postcopy total time 3.69% (the 512 MiB guests' bytes come out 1-4% short), requests 21.2%; hybrid
        // requests 42.6%. Since a rate-limited request waits for the window to reset (QEMU's
        // qemu_savevm_state_iterate) and one fault cost is fitted for every postcopy capture, the hybrid
        // captures take about one request per 100 ms window where the simulator takes two (before: 16.7%
        // and 8.3%, with a 55-62 ms cost fitted on the rate-limited captures alone).
        // Hybrid requests 42.6 -> 35.2% and time 0.98 -> 0.29% since the switch rule is honoured at the next
        // check (one more window after the sync) and the background stream starts when the package is written,
        // not when the destination resumes; postcopy time 3.69 -> 3.77% (worse), requests 21.2 -> 20.8%.
        Assert.True(r.Stats(Metrics.TotalTime, true, "postcopy")!.MedianAbs <= 3.8);
        Assert.True(r.Stats(Metrics.PostcopyRequests, true, "postcopy")!.MedianAbs <= 21);
        Assert.True(r.Stats(Metrics.PostcopyRequests, true, "hybrid")!.MedianAbs <= 36);
    }

    [Fact]
    public void The_simulator_beats_the_fluid_model_on_precopy_time_and_bytes()
    {
        var r = Report;
        foreach (var m in new[] { Metrics.TotalTime, Metrics.Transferred })
        {
            var sim = r.Stats(m, true, "precopy")!;
            var fluid = r.Stats(m, false, "precopy")!;
            Assert.True(sim.MedianAbs < fluid.MedianAbs && sim.P90Abs < fluid.P90Abs, $"{m}: simulator {sim.MedianAbs:0.##}/{sim.P90Abs:0.##}% vs fluid {fluid.MedianAbs:0.##}/{fluid.P90Abs:0.##}%");
        }
    }

    [Fact]
    public void The_10_0_set_is_all_usable_all_10_0_and_simulated_as_10_0()
    {
        var r = Run10.Value;
        Assert.Empty(r.Unusable);
        Assert.Equal(50, r.Measured.Count);
        Assert.All(r.Measured, t => Assert.Equal("10.0", t.Input.Host.Qemu.Release));
        Assert.InRange(r.Fitted.Profile.MultifdCores, 1.05, 2); // from the two 8-channel captures: 1.17 today
        Assert.Equal("10.0", r.Fitted.Profile.Qemu.Release);
        Assert.Equal(34, r.Report.HeldOut.Count());
        Assert.Equal("profile-tcg-qemu10.0.yaml", r.ProfileFileName);
    }

    // 7.2 on the 10.0 set's host (AMD EPYC), captured the same afternoon: the same-host comparison.
    private static readonly Lazy<ValidationRun> Run72Amd = new(() => Validate("qemu-7.2-amd"));

    [Fact]
    public void On_one_host_both_releases_fit_the_same_zero_page_time_and_7_2_holds_its_figures()
    {
        var r = Run72Amd.Value;
        Assert.Empty(r.Unusable);
        Assert.Equal(50, r.Measured.Count);
        Assert.All(r.Measured, t => Assert.Equal("7.2", t.Input.Host.Qemu.Release));
        Assert.InRange(r.Fitted.Profile.MultifdCores, 1.05, 2); // 1.32 today
        Assert.Empty(r.Fitted.UnfittedKeys);
        // 13.2 us for 7.2 against 13.5 us for 10.0: the host's cost, not the release's.
        double z72 = r.Fitted.Profile.ZeroPageTime.Nanoseconds, z10 = Run10.Value.Fitted.Profile.ZeroPageTime.Nanoseconds;
        Assert.InRange(z72 / z10, 0.8, 1.25);
        // Today: precopy time 1.91% / 25.1%, bytes 1.51% / 7.31%, hybrid time 3.84%, postcopy time 1.85%;
        // requests meet their goal on both postcopy (6.2%) and hybrid (14.0%). Before the image's top block
        // (image-top-share): 3.3% / 24.5%, 1.82% / 7.46%, 2.66%, 2.09%, 6.2% and 7.7%: the top block costs the
        // hybrid figures (its after2-64m runs, 1.5-3.8% long, are 3.9-6.2% long, so the hybrid time goal is
        // lost) and wins the precopy ones. (1.86% hybrid time before the window wait of rate-limited requests,
        // postcopy time 4.05%, requests 16.7% and 26.1%; with the image in one run: 3.13% / 26.4%, 1.97% / 9.35%.)
        var time = r.Report.Stats(Metrics.TotalTime, true, "precopy")!;
        var bytes = r.Report.Stats(Metrics.Transferred, true, "precopy")!;
        Assert.True(time.MedianAbs <= 2.1 && time.P90Abs <= 28, $"precopy time {time.MedianAbs} / {time.P90Abs}");
        Assert.True(bytes.MedianAbs <= 1.6 && bytes.P90Abs <= 8, $"precopy bytes {bytes.MedianAbs} / {bytes.P90Abs}");
        // Hybrid time 3.84 -> 2.97% since a request in a spent window runs the stop rule (migration_completion
        // starts at the request, not at the window's reset), then 1.61% and requests 14.0 -> 5.8% since the switch
        // rule is honoured at QEMU's next check and the stream starts when the package is written. That start
        // moved postcopy time 1.85 -> 2.33% (worse: the captures' pure postcopy switches one window after QEMU's
        // first check, as the capture tool issues migrate-start-postcopy after its first poll, which the
        // postcopy policy does not model) and requests 6.2 -> 6.0%.
        Assert.True(r.Report.Stats(Metrics.TotalTime, true, "hybrid")!.MedianAbs <= 1.7);
        Assert.True(r.Report.Stats(Metrics.TotalTime, true, "postcopy")!.MedianAbs <= 2.4);
        Assert.True(r.Report.Stats(Metrics.PostcopyRequests, true, "postcopy")!.MedianAbs <= 15);
        Assert.True(r.Report.Stats(Metrics.PostcopyRequests, true, "hybrid")!.MedianAbs <= 6);
        Assert.True(r.Report.Goals.Where(g => g.Goal.StartsWith("converged or not", StringComparison.Ordinal)).All(g => g.Met));
    }

    [Fact]
    public void Every_constant_is_fitted_on_the_10_0_set_too_so_its_goals_are_judged()
    {
        Assert.Empty(Run10.Value.Fitted.UnfittedKeys);
        Assert.False(Run10.Value.GoalsWithheld);
    }

    [Fact]
    public void A_zero_page_time_is_fitted_where_the_captures_show_one_and_only_there()
    {
        // The 10.0 set (AMD EPYC host, 2026-11-27): idle guests crawl through their zero pages at ~15 us each.
        // The 7.2 set (Intel Xeon host): no zero-page time beyond the bytes (F 7.2 against 18.5).
        Assert.InRange(Run10.Value.Fitted.Profile.ZeroPageTime.Nanoseconds / 1000.0, 5, 50);
        Assert.Equal(Kernel.SimTime.Zero, Run.Value.Fitted.Profile.ZeroPageTime);
        // Where the image's zero pages sit matters only with a zero-page time: about half the pages
        // among the image's hold data on the AMD host, as the first passes show for both releases.
        Assert.InRange(Run10.Value.Fitted.Profile.ImageDensity, 0.45, 0.65);
        Assert.InRange(Run72Amd.Value.Fitted.Profile.ImageDensity, 0.45, 0.65);
        Assert.Equal(1, Run.Value.Fitted.Profile.ImageDensity);
    }

    [Fact]
    public void The_AMD_sets_end_their_first_pass_in_data_and_the_7_2_dl100_runs_stop_a_sync_later_as_captured()
    {
        // Linux's early allocations lie at the top of memory: 1.4-2.3% of it holds data in the AMD sets' idle
        // captures. On the Intel host zero pages cost nothing beyond their 9 bytes, so where data sits sets no threshold.
        foreach (var r in new[] { Run10.Value, Run72Amd.Value })
            Assert.InRange(r.Fitted.Profile.ImageTopShare, 0.01, 0.03);
        Assert.Equal(0, Run.Value.Fitted.Profile.ImageTopShare);
        // The first pass's last window carries that data and the next pass's start: at its close pending is just
        // under the threshold, the sync lifts it over, and one more window goes before the stop (5 syncs, 4 ms;
        // the captures: 5 syncs, 4 and 5 ms). With the pass ending in zero pages: 4 syncs, 11.4 ms.
        var dl100 = Run72Amd.Value.Report.Traces.Where(t => t.Measured.Name.StartsWith("p256-uniform5k-128m-dl100", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, dl100.Count);
        foreach (var t in dl100)
        {
            Assert.Equal(5, t.Simulated.DirtySyncCount);
            Assert.InRange(t.Simulated.DowntimeMs!.Value, 0, 6.5);
        }
    }

    [Theory]
    [InlineData("hybrid", "converged or not: right in every trace")]
    [InlineData("hybrid", "downtime within max(30%, 5 ms) in >= 90% of traces")]
    [InlineData("postcopy", "total time: median |error| <= 3%")]
    [InlineData("postcopy", "postcopy requests: median |error| <= 15%")]
    [InlineData("postcopy", "converged or not: right in every trace")]
    [InlineData("postcopy", "downtime within max(30%, 5 ms) in >= 90% of traces")]
    [InlineData("postcopy", "guest pause within max(30%, 5 ms) in >= 90% of traces")]
    [InlineData("precopy", "converged or not: right in every trace")]
    [InlineData("precopy, cancelled", "bytes transferred by max-time: median |error| <= 3%")]
    [InlineData("precopy, cancelled", "converged or not: right in every trace")]
    public void The_10_0_goals_met_today_stay_met(string group, string goal)
    {
        var g = Run10.Value.Report.Goals.Single(x => x.Policy == group && x.Goal.StartsWith(goal, StringComparison.Ordinal));
        Assert.True(g.Met, $"{group}: {g.Goal}: now {g.Measured}");
    }

    [Fact]
    public void The_10_0_misses_get_no_worse()
    {
        var r = Run10.Value.Report;
        // Recaptured on an idle host (2026-11-27, 14:47-15:00 UTC) and calibrated with a zero-page time
        // and where the image's data sits (image-density, image-top-share): precopy time 4.31% median / 13.4% p90,
        // bytes 1.35% / 3.96%, hybrid time 9.49%, hybrid requests 47.1% (before the top block: 14.3% p90,
        // 1.31% / 6.27%, 7.53% and 43.3%: its after2-64m hybrids, 6-9% long, come out 8-11% long;
        // 7.2% requests before rate-limited requests
        // waited for the window to reset: the hybrids' postcopy lasts longer than measured, and the simulator
        // takes two requests per window where QEMU took one or two; postcopy requests went from 15.9% to 7.0%) (with the image in one run:
        // 5.56% / 15.96%, 1.3% / 7.68%; before the zero-page time: 124.8% / 598% p90, 37.0% / 181%,
        // 110.3%, 17.9% on the set captured under load).
        var time = r.Stats(Metrics.TotalTime, true, "precopy")!;
        var bytes = r.Stats(Metrics.Transferred, true, "precopy")!;
        Assert.True(time.MedianAbs <= 3.4 && time.P90Abs <= 15, $"precopy time {time.MedianAbs} / {time.P90Abs}");
        Assert.True(bytes.MedianAbs <= 1.2 && bytes.P90Abs <= 5.2, $"precopy bytes {bytes.MedianAbs} / {bytes.P90Abs}");
        // Since 10.0's rate limit sees bytes in flushed blocks of 32 pages (a 64 MiB/s window carries 6,829,056 B,
        // as the captures' polls show, not 6,710,886): precopy time 4.31 -> 3.34% median, bytes 1.35 -> 1.17%,
        // downtime 75 -> 85%, cancelled bytes 2.09 -> 0.4%, hybrid time 7.64 -> 3.37%; worse: bytes p90 3.96 ->
        // 5.16% and iterations exact 60 -> 40% of 10 (the 16 MiB/s sequential writer now ends a sync early, 8 of 9,
        // 5% short in bytes; its 9 syncs before came with windows 1.8% too small). Hybrid time 9.49 -> 7.64% before
        // that, since a request in a spent window runs the stop rule.
        // Then hybrid time 3.24% and requests 46.2 -> 29.9% since the switch rule is honoured at the next check
        // and the stream starts when the package is written (postcopy requests 7.3 -> 11.2%, time 2.04 -> 2.21%).
        Assert.True(r.Stats(Metrics.TotalTime, true, "hybrid")!.MedianAbs <= 3.3);
        Assert.True(r.Stats(Metrics.PostcopyRequests, true, "hybrid")!.MedianAbs <= 30);
    }

    [Fact]
    public void Captures_of_two_releases_are_refused_together()
    {
        var (measured, unusable) = TraceFolders.LoadAll(
        [
            Path.Combine(RepoPaths.Root, "results", "traces", "p256-idle-64m-r1"),
            Path.Combine(RepoPaths.Root, "results", "traces", "qemu-10.0", "p256-idle-64m-r1"),
        ]);

        var e = Assert.Throws<ValidationInputException>(() => ValidationRun.Execute(measured, unusable, null, null, null));

        Assert.Contains("the traces ran QEMU 10.0 and 7.2: validate one release at a time", e.Message);
    }
}
