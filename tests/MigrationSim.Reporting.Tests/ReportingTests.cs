using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;
using MigrationSim.Model.Text;

namespace MigrationSim.Reporting.Tests;

public class ReportingTests
{
    [Fact]
    public void Summary_csv_keeps_its_columns_in_their_order_with_the_metrics_from_the_catalogue()
    {
        Assert.Equal(
            "scenario,type,policy,seed,status,converged,outcome,dirty-sync-count,total-time,downtime,guest-pause-ms,discard-ranges,xbzrle-pages,xbzrle-bytes," +
            "xbzrle-cache-miss,xbzrle-overflow,multifd-bytes,setup-time,total,transferred,normal,duplicate,normal-bytes," +
            "precopy-bytes,downtime-bytes,postcopy-bytes,postcopy-requests,cpu-throttle-percentage,mbps,faults,faults-csv-one-in,fault-latency-p50-ms,fault-latency-p95-ms," +
            "fault-latency-p99-ms,fault-latency-max-ms,vcpu-blocked-ms,guest-progress,switch-time-ms,switch-rule,exposure-window-ms,pending-at-stop,threshold-at-stop",
            string.Join(',', ResultTables.Summary.Headers));
        Assert.All(Metrics.All, m => Assert.Contains(m.Name, ResultTables.Summary.Headers));
    }

    private static MigrationResult Sample() => new(
        new MigrationSummary
        {
            Scenario = "s, with comma", Type = "live", Policy = "precopy", Status = MigrationStatus.Completed, Converged = true,
            Outcome = "converged", TotalTimeMs = 1234.5, DowntimeMs = null, Transferred = 1 << 20,
        },
        [new IterationRecord { Iteration = 1, StartMs = 10, EndMs = 20.25, BytesSent = 99 }],
        [new MigrationSample { ElapsedMs = 0 }, new MigrationSample { ElapsedMs = 100, Status = MigrationStatus.Active, ExpectedDowntimeMs = 300 }]);

    [Fact]
    public void Csv_cells_use_invariant_numbers_empty_nulls_and_quote_commas()
    {
        var w = new StringWriter();
        ResultTables.Summary.Write(w, [Sample().Summary]);
        var lines = w.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("\"s, with comma\",live,precopy,", lines[1]);
        var cells = lines[1][(lines[1].IndexOf("\",", StringComparison.Ordinal) + 2)..].Split(',');
        int downtime = ResultTables.Summary.Headers.ToList().IndexOf("downtime") - 1;
        Assert.Equal("", cells[downtime]);
        Assert.Equal("1234.5", cells[ResultTables.Summary.Headers.ToList().IndexOf("total-time") - 1]);
    }

    [Fact]
    public void RunOutput_replaces_an_earlier_run_as_a_whole_and_refuses_a_folder_with_files_of_the_user()
    {
        string dir = Path.Combine(Path.GetTempPath(), "migsim-rep-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(dir);
            // An earlier postcopy run's faults.csv must not survive beside this precopy run's summary.
            File.WriteAllText(Path.Combine(dir, RunOutput.FaultsFile), "time-ms,page,latency-ms,joined\n");
            RunOutput.Write(dir, Sample());
            Assert.Equal([RunOutput.IterationsFile, RunOutput.SummaryFile, RunOutput.TimelineFile],
                Directory.GetFiles(dir).Select(Path.GetFileName).Order(StringComparer.Ordinal));
            Assert.Equal(3, File.ReadAllLines(Path.Combine(dir, RunOutput.TimelineFile)).Length);
            // no staging or set-aside folder left behind
            Assert.Empty(Directory.GetFileSystemEntries(Path.GetDirectoryName(dir)!, $".{Path.GetFileName(dir)}.*"));

            File.WriteAllText(Path.Combine(dir, "notes.txt"), "mine");
            Assert.Contains("notes.txt", RunOutput.Problem(dir));
            Assert.Throws<IOException>(() => RunOutput.Write(dir, Sample()));
            Assert.Equal("mine", File.ReadAllText(Path.Combine(dir, "notes.txt")));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Theory]
    [InlineData(512, "512 B")]
    [InlineData(1536, "1.50 KiB")]
    [InlineData(4L << 30, "4.00 GiB")]
    [InlineData(300L << 30, "300.0 GiB")]
    public void Bytes_print_with_binary_prefixes(long bytes, string text) => Assert.Equal(text, Quantity.Bytes(bytes));

    [Theory]
    [InlineData(0.5, "500 us")]
    [InlineData(33.36, "33.4 ms")]
    [InlineData(11353, "11.35 s")]
    [InlineData(300_000, "5.0 min")]
    public void Times_print_with_a_unit_for_their_magnitude(double ms, string text) => Assert.Equal(text, Quantity.Milliseconds(ms));
}
