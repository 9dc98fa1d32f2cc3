using MigrationSim.Qemu.Capture;
using MigrationSim.Traces.Format;

namespace MigrationSim.Qemu.Tests.Capture;

public sealed class GuestPauseTests : IDisposable
{
    private static readonly DateTimeOffset Start = DateTimeOffset.FromUnixTimeMilliseconds(1_795_698_091_886) + TimeSpan.FromTicks(3490);
    private readonly string _dir = Directory.CreateTempSubdirectory("migsim-pause-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static long Us(double msAfterStart) => (Start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10 + (long)(msAfterStart * 1000);

    [Fact]
    public void The_pause_runs_from_the_last_source_stop_to_the_next_destination_resume()
    {
        var source = new[] { ("MIGRATION", Us(0.5)), ("STOP", Us(1000)), ("RESUME", Us(1500)), ("STOP", Us(2003.25)), ("MIGRATION", Us(2013)) };
        var destination = new[] { ("RESUME", Us(10)), ("RESUME", Us(2015.0)), ("RESUME", Us(3000)) };

        var pause = GuestPause.From(source, destination, Start)!;

        Assert.Equal(2003.25, pause.SourceStopMs, 3);
        Assert.Equal(2015.0, pause.DestinationResumeMs, 3);
        Assert.Equal(11.75, pause.PauseMs);
    }

    [Fact]
    public void No_resume_on_the_destination_means_no_pause()
    {
        Assert.Null(GuestPause.From([("STOP", Us(5))], [("MIGRATION", Us(6))], Start));
        Assert.Null(GuestPause.From([], [("RESUME", Us(6))], Start));
    }

    [Fact]
    public void An_old_capture_gets_its_pause_from_qmp_events_json()
    {
        // A 7.2 capture from results/traces, written before guest-pause-ms existed.
        var folder = Path.Combine(RepoRoot(), "results", "traces", "p256-uniform2k-64m-r1");

        var s = TraceReader.Read(folder).Summary;

        Assert.Equal(10, s.Downtime);
        Assert.Equal(2003.727, s.SourceStopMs!.Value, 3);
        Assert.Equal(2015.427, s.DestinationResumeMs!.Value, 3);
        Assert.Equal(11.7, s.GuestPauseMs!.Value, 3);
        Assert.Equal("7.2.22", s.QemuRelease.ToString());
    }

    [Fact]
    public void A_corrupt_event_list_names_the_file()
    {
        File.WriteAllText(Path.Combine(_dir, TraceFiles.Trace), TraceWriter.FormatCsv([]));
        File.WriteAllText(Path.Combine(_dir, TraceFiles.Summary), TraceWriter.FormatSummary(new CaptureSummary { Status = "completed" }));
        File.WriteAllText(Path.Combine(_dir, TraceFiles.QmpEvents), "{ \"source\": [ {\"event\": \"STOP\", \"qemu-timestamp-us\": \"soon\"} ] }");

        var e = Assert.Throws<TraceFormatException>(() => TraceReader.Read(_dir));

        Assert.StartsWith(Path.Combine(_dir, TraceFiles.QmpEvents) + ": invalid QMP event list", e.Message);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MigrationSim.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
