using System.Diagnostics;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Tests.Infrastructure;
using Xunit.Abstractions;
using MigrationSim.Traces.Capture;
using MigrationSim.Traces.Format;

namespace MigrationSim.Qemu.Tests.RealQemu;

/// <summary>
/// Real migrations of small TCG guests over loopback. Each one boots two QEMUs, so they run one at a
/// time; every test checks afterwards that no QEMU it started is left (running or as a zombie).
/// </summary>
[Collection(SlowQemuCollection.Name)]
public sealed class RealMigrationTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1L << 20;
    private readonly QemuTestWorkspace _workspace = new("migsim-capture-test-");

    private string Out => _workspace.Out;

    public void Dispose() => _workspace.Dispose();

    private InlineProgress<CaptureProgress> Track(Action<CaptureProgress>? also = null) => _workspace.Track(also);

    private void Log(CaptureResult r, TimeSpan wall)
    {
        var s = r.Summary;
        output.WriteLine($"wall {wall.TotalSeconds:0.0} s, boot-to-ready {s.BootToReadyMs} ms, capture {s.CaptureMs} ms, status {s.Status}, " +
                         $"total-time {s.TotalTime}, downtime {s.Downtime}, transferred {s.Transferred}, total {s.Total}, normal-bytes {s.NormalBytes}, " +
                         $"syncs {s.DirtySyncCount}, postcopy-requests {s.PostcopyRequests}, rate {s.AchievedWriteRatePagesPerSecond:0} of {s.RequestedWriteRatePagesPerSecond}");
    }

    [QemuFact]
    public async Task Precopy_of_a_slow_writer_completes_and_the_guest_lives_on()
    {
        var spec = new CaptureSpec
        {
            OutputDirectory = Out,
            CaptureName = "precopy",
            MemoryBytes = 256 * MiB,
            Workload = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 8192, RatePagesPerSecond = 2000 },
            Parameters = new MigrateSetParameters { MaxBandwidthBytesPerSecond = 64 * MiB },
            TimeCap = TimeSpan.FromSeconds(60),
            ExtraFiles = new Dictionary<string, string> { ["scenario.yaml"] = "name: precopy-test\n" },
        };

        var wall = Stopwatch.StartNew();
        var result = await QemuMigrationRunner.RunAsync(spec, Track(), CancellationToken.None);
        Log(result, wall.Elapsed);

        var trace = TraceReader.Read(result.TraceFolder);
        Assert.Equal("completed", trace.Summary.Status);
        Assert.True(trace.Summary.Converged);
        Assert.True(trace.Summary.DestinationRunning, "destination not running after completion");
        Assert.True(trace.Summary.DestinationWorkloadAlive, "no workload line on the destination's serial after completion");
        Assert.Equal("postmigrate", trace.Summary.SourceStatusAfter);
        Assert.True(trace.Summary.HostLoadAverage is >= 0, "summary.json lacks the host's load average");
        Assert.Equal("completed", trace.Samples[^1].Info.Status);
        AssertMonotone(trace.Samples.Select(s => s.ElapsedMs), "elapsed-ms");
        AssertMonotone(trace.Samples.Select(s => s.Info.Ram?.TransferredBytes).OfType<long>(), "transferred");
        Assert.True(trace.Samples.Count >= 5, $"only {trace.Samples.Count} samples");
        // ram.total covers the guest's RAM plus ROM/firmware regions: a little over -m.
        Assert.InRange(trace.Summary.Total!.Value, 256 * MiB, 260 * MiB);
        Assert.InRange(trace.Summary.AchievedWriteRatePagesPerSecond!.Value, 1800, 2200);
        foreach (var file in new[] { "serial-src.log", "serial-dst.log", "qmp-events.json", "scenario.yaml" })
            Assert.True(File.Exists(Path.Combine(result.TraceFolder, file)), file + " missing");
        Assert.Contains("\"MIGRATION\"", File.ReadAllText(Path.Combine(result.TraceFolder, "qmp-events.json")));
        Assert.Empty(Directory.GetDirectories(Out, ".*"));
    }

    [QemuFact]
    public async Task Postcopy_of_a_fast_writer_serves_page_requests()
    {
        var spec = new CaptureSpec
        {
            OutputDirectory = Out,
            CaptureName = "postcopy",
            MemoryBytes = 256 * MiB,
            Workload = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 32768, RatePagesPerSecond = 50000 },
            Capabilities = new MigrationCapabilities { PostcopyRam = true, PostcopyBlocktime = true },
            Parameters = new MigrateSetParameters { MaxBandwidthBytesPerSecond = 32 * MiB, MaxPostcopyBandwidthBytesPerSecond = 32 * MiB },
            PostcopySwitch = PostcopySwitchRule.AfterTime(TimeSpan.FromSeconds(1)),
            TimeCap = TimeSpan.FromSeconds(60),
        };

        var wall = Stopwatch.StartNew();
        var result = await QemuMigrationRunner.RunAsync(spec, Track(), CancellationToken.None);
        Log(result, wall.Elapsed);

        var s = result.Summary;
        Assert.Equal("completed", s.Status);
        Assert.NotNull(s.PostcopySwitchMs);
        Assert.Contains(result.Samples, x => x.Info.Status == "postcopy-active");
        Assert.True(s.PostcopyRequests > 0, $"postcopy-requests = {s.PostcopyRequests}");
        Assert.True(s.PostcopyBytes > 0, $"postcopy-bytes = {s.PostcopyBytes}");
        Assert.True(s.DestinationRunning && s.DestinationWorkloadAlive, "guest not alive on the destination");
    }

    [QemuFact]
    public async Task Killed_destination_fails_the_migration_and_the_source_keeps_running()
    {
        int killed = 0;
        var spec = new CaptureSpec
        {
            OutputDirectory = Out,
            CaptureName = "killed",
            MemoryBytes = 256 * MiB,
            Workload = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 8192, RatePagesPerSecond = 2000 },
            Parameters = new MigrateSetParameters { MaxBandwidthBytesPerSecond = 32 * MiB },
            TimeCap = TimeSpan.FromSeconds(60),
            SettleTime = TimeSpan.Zero,
        };
        var progress = Track(p =>
        {
            // Kill once some memory has crossed, i.e. mid-migration rather than at connect.
            if (p.Latest?.Ram?.TransferredBytes > 16 * MiB && Interlocked.Exchange(ref killed, 1) == 0)
                Process.GetProcessById(p.DestinationPid!.Value).Kill();
        });

        var wall = Stopwatch.StartNew();
        var result = await QemuMigrationRunner.RunAsync(spec, progress, CancellationToken.None);
        Log(result, wall.Elapsed);

        Assert.Equal(1, killed);
        Assert.Equal("failed", result.Summary.Status);
        Assert.False(result.Summary.Converged);
        Assert.False(result.Summary.DestinationRunning);
        Assert.Equal("running", result.Summary.SourceStatusAfter);
        Assert.True(result.Summary.SourceWorkloadAliveAfter, "source workload printed nothing after the failed migration");
        Assert.InRange(result.Summary.Transferred!.Value, 16 * MiB, 200 * MiB);
        Assert.True(Directory.Exists(result.TraceFolder));
    }

    [QemuFact]
    public async Task Time_cap_cancels_a_migration_that_cannot_converge()
    {
        var spec = new CaptureSpec
        {
            OutputDirectory = Out,
            CaptureName = "capped",
            MemoryBytes = 128 * MiB,
            // 40k pages/s over 64 MiB cannot converge at 8 MiB/s.
            Workload = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 16384, RatePagesPerSecond = 40000 },
            Parameters = new MigrateSetParameters { MaxBandwidthBytesPerSecond = 8 * MiB, DowntimeLimitMs = 10 },
            TimeCap = TimeSpan.FromSeconds(2),
            SettleTime = TimeSpan.Zero,
        };

        var wall = Stopwatch.StartNew();
        var result = await QemuMigrationRunner.RunAsync(spec, Track(), CancellationToken.None);
        Log(result, wall.Elapsed);

        Assert.Equal("cancelled", result.Summary.Status);
        Assert.True(result.Summary.TimeCapped);
        Assert.False(result.Summary.Converged);
        Assert.Equal("running", result.Summary.SourceStatusAfter);
        Assert.InRange(result.Summary.CaptureMs, 2000, 10_000);
    }

    [QemuFact]
    public async Task Cancellation_mid_boot_leaves_no_qemu_behind()
    {
        using var cts = new CancellationTokenSource();
        var spec = new CaptureSpec
        {
            OutputDirectory = Out,
            CaptureName = "cancelled",
            MemoryBytes = 128 * MiB,
        };
        var progress = Track(p =>
        {
            if (p.Stage == "waiting for workload")
                cts.Cancel();
        });

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => QemuMigrationRunner.RunAsync(spec, progress, cts.Token));

        Assert.Equal(2, _workspace.Pids.Count);
        Assert.False(Directory.Exists(Path.Combine(Out, "cancelled")));
    }

    private static void AssertMonotone(IEnumerable<long> values, string name)
    {
        long previous = long.MinValue;
        int i = 0;
        foreach (var v in values)
        {
            Assert.True(v >= previous, $"{name} went down at sample {i}: {previous} -> {v}");
            previous = v;
            i++;
        }
    }
}
