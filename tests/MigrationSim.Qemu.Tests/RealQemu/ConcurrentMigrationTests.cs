using System.Text.Json;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Concurrent;
using MigrationSim.Qemu.Tests.Infrastructure;
using Xunit.Abstractions;
using MigrationSim.Traces.Capture;
using MigrationSim.Traces.Format;

namespace MigrationSim.Qemu.Tests.RealQemu;

/// <summary>
/// Two real migrations at once through one shaped link (all four QEMUs in one fresh network
/// namespace, its loopback limited by tc tbf), and the clean-up when a pair fails.
/// </summary>
[Collection(SlowQemuCollection.Name)]
public sealed class ConcurrentMigrationTests(ITestOutputHelper output) : IDisposable
{
    private const long MiB = 1L << 20;
    private readonly QemuTestWorkspace _workspace = new("migsim-concurrent-test-");

    private string Out => _workspace.Out;

    public void Dispose()
    {
        Assert.Empty(Holders());
        _workspace.Dispose();
    }

    /// <summary>Namespace holders this test process started that are still alive.</summary>
    private static List<int> Holders() =>
        Directory.GetDirectories("/proc")
            .Select(d => (Dir: d, Ok: int.TryParse(Path.GetFileName(d), out var pid), Pid: pid))
            .Where(p => p.Ok)
            .Where(p =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(p.Dir, "cmdline")).Contains("migsim-netns-", StringComparison.Ordinal) &&
                           File.ReadLines(Path.Combine(p.Dir, "status")).Any(l => l == $"PPid:\t{Environment.ProcessId}");
                }
                catch (IOException) { return false; }
            })
            .Select(p => p.Pid)
            .ToList();

    private InlineProgress<ConcurrentCaptureProgress> Track() => new(p => _workspace.Remember(p.Progress, p.Migration + " "));

    private static CaptureSpec Guest(int seed) => new()
    {
        OutputDirectory = "unused",
        MemoryBytes = 128 * MiB,
        Workload = new GuestWorkload { Kind = GuestWorkloadKind.Uniform, WorkingSetPages = 4096, RatePagesPerSecond = 500, Seed = (ulong)seed },
        // Far above the link: the shaped link, shared by both, is what limits them.
        Parameters = new MigrateSetParameters { MaxBandwidthBytesPerSecond = MigrateSetParameters.UnlimitedBytesPerSecond },
        TimeCap = TimeSpan.FromSeconds(90),
        // The other test projects and other users share the two cores while these boot.
        BootTimeout = TimeSpan.FromSeconds(120),
    };

    [RootFact]
    public async Task Two_migrations_share_one_shaped_link_with_a_staggered_start()
    {
        const long Link = 16 * MiB;
        var spec = new ConcurrentCaptureSpec
        {
            OutputDirectory = Out,
            Name = "pair",
            Topology = new SharedLinkTopology(Link),
            Migrations = [new("first", Guest(1), TimeSpan.Zero), new("second", Guest(2), TimeSpan.FromSeconds(1))],
        };

        var result = await ConcurrentMigrationRunner.RunAsync(spec, Track(), CancellationToken.None);

        foreach (var c in result.Captures)
            output.WriteLine($"{Path.GetFileName(c.TraceFolder)}: {c.Summary.Status}, total-time {c.Summary.TotalTime} ms, downtime {c.Summary.Downtime} ms, transferred {c.Summary.Transferred}, pause {c.Summary.GuestPauseMs} ms");
        output.WriteLine($"starts {string.Join(", ", result.StartMs)} ms, ends {string.Join(", ", result.EndMs)} ms, makespan {result.MakespanMs} ms");
        Assert.Equal(4, _workspace.Pids.Count);
        Assert.All(result.Captures, c =>
        {
            Assert.Equal("completed", c.Summary.Status);
            Assert.True(c.Summary.DestinationWorkloadAlive, $"{c.TraceFolder}: guest not alive on the destination");
            Assert.True(File.Exists(Path.Combine(c.TraceFolder, TraceFiles.Summary)));
        });
        Assert.InRange(result.StartMs[1] - result.StartMs[0], 950, 1600);
        // They overlapped, and together they never beat the link: unshaped loopback carries ~100 MB/s here.
        Assert.True(result.EndMs[0] > result.StartMs[1], "the first migration ended before the second began");
        Assert.Equal(result.EndMs.Max(), result.MakespanMs);
        double bytes = result.Captures.Sum(c => (double)c.Summary.Transferred!.Value);
        Assert.InRange(bytes / (result.MakespanMs / 1000), 0.3 * Link, 1.1 * Link);
        using var fleet = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Folder, ConcurrentMigrationRunner.FleetFile)));
        Assert.Equal("shared-link", fleet.RootElement.GetProperty("topology").GetProperty("kind").GetString());
        Assert.Equal(2, fleet.RootElement.GetProperty("migrations").GetArrayLength());
        Assert.Empty(Directory.GetDirectories(Out, ".*"));
    }

    [RootFact]
    public async Task Two_sources_into_one_host_share_only_its_downlink()
    {
        const long Fast = 64 * MiB, Slow = 12 * MiB;
        var spec = new ConcurrentCaptureSpec
        {
            OutputDirectory = Out,
            Name = "into-c",
            Topology = new HostLinksTopology([new HostLink("a", Fast, Fast), new HostLink("b", Fast, Fast), new HostLink("c", Fast, Slow)]),
            Migrations = [new("a-to-c", Guest(1), TimeSpan.Zero, "a", "c"), new("b-to-c", Guest(2), TimeSpan.Zero, "b", "c")],
        };

        var result = await ConcurrentMigrationRunner.RunAsync(spec, Track(), CancellationToken.None);

        foreach (var c in result.Captures)
            output.WriteLine($"{Path.GetFileName(c.TraceFolder)}: {c.Summary.Status}, total-time {c.Summary.TotalTime} ms, downtime {c.Summary.Downtime} ms, pause {c.Summary.GuestPauseMs} ms, transferred {c.Summary.Transferred}");
        output.WriteLine($"starts {string.Join(", ", result.StartMs)} ms, ends {string.Join(", ", result.EndMs)} ms");
        Assert.All(result.Captures, c => Assert.Equal("completed", c.Summary.Status));
        // Both streams cross c's 12 MiB/s downlink and nothing slower: together they get about that.
        double bytes = result.Captures.Sum(c => (double)c.Summary.Transferred!.Value);
        Assert.InRange(bytes / (result.MakespanMs / 1000), 0.5 * Slow, 1.1 * Slow);
        using var fleet = JsonDocument.Parse(File.ReadAllText(Path.Combine(result.Folder, ConcurrentMigrationRunner.FleetFile)));
        Assert.Equal("c", fleet.RootElement.GetProperty("migrations")[1].GetProperty("destination-host").GetString());
    }

    [RootFact]
    public async Task A_pair_that_cannot_boot_stops_the_others_and_leaves_nothing_behind()
    {
        var spec = new ConcurrentCaptureSpec
        {
            OutputDirectory = Out,
            Name = "broken",
            Topology = new HostLinksTopology([new HostLink("a", 16 * MiB, 16 * MiB), new HostLink("b", 16 * MiB, 16 * MiB)]),
            Migrations =
            [
                new("fine", Guest(1), TimeSpan.Zero, "a", "b"),
                new("never-ready", Guest(2) with { BootTimeout = TimeSpan.FromMilliseconds(1) }, TimeSpan.Zero, "b", "a"),
            ],
        };

        var ex = await Assert.ThrowsAsync<TimeoutException>(() => ConcurrentMigrationRunner.RunAsync(spec, Track(), CancellationToken.None));

        Assert.Contains("printed no 'migsim: ready'", ex.Message);
        Assert.False(Directory.Exists(Path.Combine(Out, "broken")));
        Assert.Empty(Directory.GetDirectories(Out));
    }
}
