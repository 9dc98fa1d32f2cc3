using System.Diagnostics;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Tests.Infrastructure;
using Xunit.Abstractions;
using MigrationSim.Model.Migration;
using MigrationSim.Traces.Capture;
using MigrationSim.Traces.Format;

namespace MigrationSim.Qemu.Tests.RealQemu;

/// <summary>
/// Real migrations under QEMU 10.0 (Debian 13's, from the debootstrapped root) and the settings
/// that only newer QEMUs or the new capture path have. Small TCG guests, one at a time.
/// </summary>
[Collection(SlowQemuCollection.Name)]
public sealed class Qemu10MigrationTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1L << 20;
    private readonly QemuTestWorkspace _workspace = new("migsim-qemu10-test-");

    public void Dispose() => _workspace.Dispose();

    private InlineProgress<CaptureProgress> Track() => _workspace.Track(p =>
    {
        if (p.SourcePid is null) output.WriteLine(p.Stage);
    });

    private CaptureSpec Spec(string name, QemuSelection qemu) => new()
    {
        OutputDirectory = _workspace.Out,
        CaptureName = name,
        Qemu = qemu,
        MemoryBytes = 256 * MiB,
        Workload = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 8192, RatePagesPerSecond = 2000 },
        Parameters = new MigrateSetParameters { MaxBandwidthBytesPerSecond = 64 * MiB },
        TimeCap = TimeSpan.FromSeconds(60),
    };

    private async Task<CaptureResult> CaptureAsync(CaptureSpec spec)
    {
        var wall = Stopwatch.StartNew();
        var result = await QemuMigrationRunner.RunAsync(spec, Track(), CancellationToken.None);
        var s = result.Summary;
        output.WriteLine($"{s.QemuVersion}: wall {wall.Elapsed.TotalSeconds:0.0} s, status {s.Status}, total-time {s.TotalTime}, downtime {s.Downtime}, " +
                         $"guest pause {s.GuestPauseMs} ms, transferred {s.Transferred}, multifd-bytes {s.MultifdBytes}, xbzrle pages {s.XbzrlePages}, syncs {s.DirtySyncCount}");
        return result;
    }

    [Qemu10Fact]
    public async Task Precopy_under_qemu_10_records_its_version_the_guest_pause_and_the_trace_events_asked_for()
    {
        var result = await CaptureAsync(Spec("qemu10", QemuSelection.Debian13) with
        {
            QemuTraceEvents = ["vmstate_downtime_checkpoint", "migration_bitmap_sync_st*"],
        });

        var trace = TraceReader.Read(result.TraceFolder);
        var s = trace.Summary;
        Assert.Equal("completed", s.Status);
        Assert.True(s.DestinationRunning && s.DestinationWorkloadAlive, "guest not alive on the destination");
        Assert.True(s.QemuRelease.SameRelease(QemuVersion.V10_0), $"ran {s.QemuVersion}");
        Assert.Contains("debian-trixie", s.QemuBinary);
        Assert.NotNull(s.GuestPauseMs);
        Assert.InRange(s.SourceStopMs!.Value, 0, s.CaptureMs);
        Assert.InRange(s.GuestPauseMs!.Value, 0.001, s.TotalTime!.Value);
        // The pause in summary.json is the one the QMP events give.
        var fromEvents = GuestPause.FromEventsJson(File.ReadAllText(Path.Combine(result.TraceFolder, TraceFiles.QmpEvents)), s.StartUtc);
        Assert.Equal(fromEvents!.PauseMs, s.GuestPauseMs!.Value, 3);

        // QEMU's own trace events, both sides on one clock: a bitmap sync per dirty-sync-count, and the
        // downtime checkpoints around the pause the QMP events give. migration_stop_vm emits STOP between
        // src-downtime-start and src-vm-stopped; process_incoming_migration_bh emits RESUME (vm_start)
        // between dst-precopy-bh-announced and dst-precopy-bh-vm-started.
        var src = QemuTraceLog.Read(result.TraceFolder, TraceFiles.QemuTraceSource);
        var dst = QemuTraceLog.Read(result.TraceFolder, TraceFiles.QemuTraceDestination);
        Assert.Equal(s.DirtySyncCount, src.Count(e => e.Event == "migration_bitmap_sync_start"));
        Assert.DoesNotContain(src, e => e.Event is not ("migration_bitmap_sync_start" or "vmstate_downtime_checkpoint"));
        double Ms(IReadOnlyList<QemuTraceEvent> side, string checkpoint) => side.Single(e => e.Arguments == checkpoint).UnixSeconds * 1000;
        double shortest = Ms(dst, "dst-precopy-bh-announced") - Ms(src, "src-vm-stopped");
        double longest = Ms(dst, "dst-precopy-bh-vm-started") - Ms(src, "src-downtime-start");
        Assert.InRange(s.GuestPauseMs!.Value, shortest - 0.002, longest + 0.002);
    }

    [Qemu10Fact]
    public async Task Multifd_with_zstd_under_qemu_10_sends_over_the_channels()
    {
        var spec = Spec("multifd", QemuSelection.Debian13) with
        {
            Capabilities = new MigrationCapabilities { Multifd = true },
            Parameters = new MigrateSetParameters
            {
                MaxBandwidthBytesPerSecond = 64 * MiB, MultifdChannels = 4, MultifdCompression = "zstd", MultifdZstdLevel = 3, ZeroPageDetection = "multifd",
            },
        };

        var s = (await CaptureAsync(spec)).Summary;

        Assert.Equal("completed", s.Status);
        Assert.True(s.DestinationRunning && s.DestinationWorkloadAlive, "guest not alive on the destination");
        Assert.True(s.MultifdBytes > 0, $"multifd-bytes = {s.MultifdBytes}");
    }

    [QemuFact]
    public async Task Xbzrle_under_qemu_7_2_encodes_resent_pages_of_a_small_writer()
    {
        var spec = Spec("xbzrle", QemuSelection.System72) with
        {
            Workload = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 8192, RatePagesPerSecond = 4000, WriteBytes = 64 },
            Capabilities = new MigrationCapabilities { Xbzrle = true },
            Parameters = new MigrateSetParameters { MaxBandwidthBytesPerSecond = 32 * MiB, XbzrleCacheSizeBytes = 64 * MiB },
        };

        var s = (await CaptureAsync(spec)).Summary;

        Assert.Equal("completed", s.Status);
        Assert.True(s.DestinationRunning && s.DestinationWorkloadAlive, "guest not alive on the destination");
        Assert.True(s.XbzrlePages > 0, $"xbzrle pages = {s.XbzrlePages}");
        Assert.Contains("migsim.write_bytes=64", s.KernelCommandLine);
    }

    [QemuFact]
    public async Task A_setting_newer_than_the_qemu_is_refused_before_any_guest_boots()
    {
        var spec = Spec("too-new", QemuSelection.System72) with
        {
            Parameters = new MigrateSetParameters { AvailSwitchoverBandwidthBytesPerSecond = 100 * MiB },
        };

        var ex = await Assert.ThrowsAsync<NotSupportedException>(() => QemuMigrationRunner.RunAsync(spec, Track(), CancellationToken.None));

        Assert.Contains("avail-switchover-bandwidth needs QEMU 8.2 or later; this capture runs QEMU 7.2.", ex.Message);
        Assert.Empty(_workspace.Pids);
        Assert.False(Directory.Exists(Path.Combine(_workspace.Out, "too-new")));
    }
}
