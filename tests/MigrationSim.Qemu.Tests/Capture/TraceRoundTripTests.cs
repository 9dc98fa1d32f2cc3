using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Qmp;
using MigrationSim.Qemu.Tests.Infrastructure;
using MigrationSim.Model.Migration;
using MigrationSim.Traces.Format;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Qemu.Tests.Capture;

public sealed class TraceRoundTripTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("migsim-trace-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static MigrationInfo Recorded(string file) =>
        MigrationInfo.FromJson(QmpMessage.Parse(Transcript.Line(file), DateTimeOffset.UnixEpoch).Payload);

    [Fact]
    public void Header_lists_query_migrate_fields_under_qemu_names()
    {
        var header = TraceWriter.FormatCsv([]).TrimEnd('\n');

        Assert.Equal(
            "elapsed-ms,status,total-time,downtime,expected-downtime,setup-time,cpu-throttle-percentage,transferred,remaining,total," +
            "duplicate,skipped,normal,normal-bytes,dirty-pages-rate,mbps,dirty-sync-count,postcopy-requests,page-size,pages-per-second," +
            "precopy-bytes,downtime-bytes,postcopy-bytes,multifd-bytes,xbzrle-cache-size,xbzrle-bytes,xbzrle-pages,xbzrle-cache-miss,xbzrle-overflow," +
            "dirty-limit-throttle-time-per-round,dirty-limit-ring-full-time",
            header);
    }

    [Fact]
    public void Recorded_samples_survive_write_and_read()
    {
        var samples = new List<CapturedSample>
        {
            new(3, new MigrationInfo { Status = "setup" }),
            new(57, Recorded("query-migrate-active.json") with { ErrorDesc = null }),
            new(1636, Recorded("query-migrate-completed.json")),
        };
        File.WriteAllText(Path.Combine(_dir, TraceFiles.Trace), TraceWriter.FormatCsv(samples));
        var summary = new CaptureSummary { Status = "completed", Mbps = 592.6038807453416, Converged = true, QemuVersion = "7.2.22" };
        File.WriteAllText(Path.Combine(_dir, TraceFiles.Summary), TraceWriter.FormatSummary(summary));

        var back = TraceReader.Read(_dir);

        Assert.Equal(samples, back.Samples);
        Assert.Equal(summary, back.Summary);
    }

    [Fact]
    public void Absent_fields_are_empty_cells()
    {
        var csv = TraceWriter.FormatCsv([new CapturedSample(4, new MigrationInfo { Status = "setup" })]);

        Assert.Equal("4,setup" + new string(',', 29), csv.Split('\n')[1]);
    }

    [Fact]
    public void Corrupt_number_names_file_line_and_column()
    {
        var csv = TraceWriter.FormatCsv([new CapturedSample(1, Recorded("query-migrate-active.json"))]).Replace(",268967936,", ",26896x936,", StringComparison.Ordinal);

        var ex = Assert.Throws<TraceFormatException>(() => TraceReader.ParseCsv(csv, "trace.csv"));

        Assert.Equal(2, ex.Line);
        Assert.Contains("trace.csv:2", ex.Message);
        Assert.Contains("'total'", ex.Message);
    }

    [Fact]
    public void Short_row_names_its_line()
    {
        var csv = TraceWriter.FormatCsv([new CapturedSample(1, new MigrationInfo()), new CapturedSample(2, new MigrationInfo())]);
        var lines = csv.Split('\n');
        lines[2] = "2,active";

        var ex = Assert.Throws<TraceFormatException>(() => TraceReader.ParseCsv(string.Join('\n', lines), "x/trace.csv"));
        Assert.Equal(3, ex.Line);
    }

    [Fact]
    public void Bad_summary_names_the_file_and_line()
    {
        var ex = Assert.Throws<TraceFormatException>(() => TraceReader.ParseSummary("{\n  \"converged\": \"yes\"\n}", "summary.json"));

        Assert.Equal("summary.json", ex.File);
        Assert.Equal(2, ex.Line);
    }

    [Fact]
    public void Missing_files_are_named()
    {
        var ex = Assert.Throws<TraceFormatException>(() => TraceReader.Read(_dir));
        Assert.EndsWith(TraceFiles.Trace, ex.File);
    }

    private static readonly Arbitrary<CapturedSample[]> Samples =
        Gen.ArrayOf(
            from elapsed in Gen.Choose(0, int.MaxValue)
            from status in Gen.Elements("setup", "active", "postcopy-active", "completed", "weird, \"quoted\"")
            from transferred in Gen.Choose(0, int.MaxValue).Select(v => (long)v * 7)
            from hasRam in Gen.Elements(true, false)
            from mbps in Gen.Choose(0, 100000).Select(v => v / 7.0)
            select new CapturedSample(elapsed, new MigrationInfo
            {
                Status = status,
                TotalTimeMs = elapsed,
                Ram = hasRam ? new MigrationRamStats { TransferredBytes = transferred, Mbps = mbps } : null,
            })).ToArbitrary();

    [Property(MaxTest = 100)]
    public Property Any_samples_round_trip_through_csv() =>
        Prop.ForAll(Samples, samples => TraceReader.ParseCsv(TraceWriter.FormatCsv(samples), "t.csv").SequenceEqual(samples));
}
