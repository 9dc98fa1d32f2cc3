using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;

namespace MigrationSim.Reporting.Tests.Sweeps;

public class SweepResultsFileTests
{
    private static readonly SweepResultsHeader Header = new("t", "0123456789abcdef", 4, "1/1");

    private static MigrationSummary Summary(double total) => new()
    {
        Scenario = "s", Type = "live", Policy = "precopy", Status = MigrationStatus.Completed, Converged = true,
        Outcome = "converged, \"quoted\"", TotalTimeMs = total, DowntimeMs = 12.5, Seed = 99,
    };

    [Fact]
    public void Rows_round_trip_with_quotes_commas_and_the_header_comment()
    {
        string dir = Directory.CreateTempSubdirectory("migsim-rf-").FullName;
        try
        {
            string path = Path.Combine(dir, "results.csv");
            var columns = SweepResultsFile.Columns(["migration.switch", "k [ms]"]);
            using (var w = SweepResultsWriter.Create(path, Header, columns))
            {
                w.Write(SweepResultsFile.Row(["{after-iterations: 2, after-time: 3s}", "5"], Summary(10), 1, 0));
                w.Write(SweepResultsFile.Row(["x", "6"], Summary(20), 0, 1));
            }
            Assert.StartsWith("# migsim-sweep name=t fingerprint=0123456789abcdef runs=4 shard=1/1\n", File.ReadAllText(path));
            var r = SweepResultsFile.Read(path);
            Assert.Equal(Header, r.Header);
            Assert.Equal(columns, r.Columns);
            Assert.Equal(2, r.Rows.Count);
            Assert.Equal("{after-iterations: 2, after-time: 3s}", r.Rows[0].Cells[0]);
            Assert.Equal("converged, \"quoted\"", r.Rows[0].Cells[r.ColumnIndex("outcome")]);
            Assert.Equal("99", r.Rows[0].Cells[r.ColumnIndex("seed")]);
            Assert.Equal((1, 0), (r.Rows[0].Point, r.Rows[0].Replication));
            Assert.Equal(["seed", "point", "replication"], columns.TakeLast(3));
            Assert.Single(columns, c => c == "seed");
            Assert.False(r.HadIncompleteTail);

            SweepResultsFile.WriteAll(path, r.Header, r.Columns, r.Rows);
            var sorted = SweepResultsFile.Read(path);
            Assert.Equal([(0, 1), (1, 0)], sorted.Rows.Select(x => (x.Point, x.Replication)));
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void Each_row_is_in_the_file_as_soon_as_it_is_written()
    {
        // A killed sweep keeps every run it reported: the file is read while the writer is still open.
        string dir = Directory.CreateTempSubdirectory("migsim-rf-").FullName;
        try
        {
            string path = Path.Combine(dir, "results.csv");
            var columns = SweepResultsFile.Columns(["a"]);
            var rows = Enumerable.Range(0, 3).Select(i => SweepResultsFile.Row([$"{i}"], Summary(10 + i), i, 0)).ToList();
            using var w = SweepResultsWriter.Create(path, Header, columns);
            Assert.Equal(columns, SweepResultsFile.Read(path).Columns);
            Assert.Empty(SweepResultsFile.Read(path).Rows);
            for (int i = 0; i < rows.Count; i++)
            {
                w.Write(rows[i]);
                var r = SweepResultsFile.Read(path);
                Assert.False(r.HadIncompleteTail);
                Assert.Equal(rows.Take(i + 1).Select(x => x.Cells), r.Rows.Select(x => x.Cells));
            }
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_row_cut_short_by_a_kill_is_dropped_and_flagged()
    {
        string dir = Directory.CreateTempSubdirectory("migsim-rf-").FullName;
        try
        {
            string path = Path.Combine(dir, "results.csv");
            var columns = SweepResultsFile.Columns(["a"]);
            using (var w = SweepResultsWriter.Create(path, Header, columns))
                w.Write(SweepResultsFile.Row(["1"], Summary(10), 0, 0));
            File.AppendAllText(path, "2,s,live,prec");
            var r = SweepResultsFile.Read(path);
            Assert.Single(r.Rows);
            Assert.True(r.HadIncompleteTail);
        }
        finally { Directory.Delete(dir, true); }
    }

    [Fact]
    public void A_file_without_the_header_comment_is_not_a_results_file()
    {
        string path = Path.GetTempFileName();
        try
        {
            File.WriteAllText(path, "a,b\n1,2\n");
            var e = Assert.Throws<InvalidDataException>(() => SweepResultsFile.Read(path));
            Assert.Contains(":1:", e.Message);
        }
        finally { File.Delete(path); }
    }
}
