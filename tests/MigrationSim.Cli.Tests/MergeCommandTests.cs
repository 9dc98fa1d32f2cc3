using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Cli.Sweeps;
using MigrationSim.Reporting.Csv;

namespace MigrationSim.Cli.Tests;

/// <summary>`migsim merge` of an incomplete set: refused (exit 2, nothing written) naming what is missing, unless --allow-partial.</summary>
public class MergeCommandTests
{
    // The tiny sweep in 3 shards: shard k holds points p with p % 3 == k - 1, 4 points x 2 replications = 8 runs.
    private static List<string> Shards(TempFolder tmp, string sweep, params int[] ks)
    {
        var files = new List<string>();
        foreach (int k in ks)
        {
            var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File($"shard{k}"), "--shard", $"{k}/3");
            Assert.True(exit == 0, err);
            files.Add(SweepCommandTests.Results(tmp.File($"shard{k}")));
        }
        return files;
    }

    [Fact]
    public void A_shard_left_out_is_refused_naming_the_shard_and_its_points_and_nothing_is_written()
    {
        using var tmp = new TempFolder();
        var files = Shards(tmp, SweepCommandTests.Write(tmp, SweepCommandTests.Sweep), 1, 2);
        var (exit, stdout, err) = Cli.Run(["merge", tmp.File("merged.csv"), .. files]);
        Assert.Equal(2, exit);
        Assert.Contains("8 of 24 runs of sweep 'tiny-sweep' are missing", err);
        Assert.Contains("--allow-partial", err);
        Assert.Contains("shard 3/3: not among the inputs (8 runs: points 2, 5, 8, 11, every replication)", err);
        Assert.DoesNotContain("shard 1/3", err);
        Assert.Equal("", stdout);
        Assert.False(File.Exists(tmp.File("merged.csv")));
    }

    [Fact]
    public void An_unfinished_shard_is_refused_with_the_command_that_finishes_it_and_then_merges_to_the_whole_sweep()
    {
        using var tmp = new TempFolder();
        string sweep = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep);
        Assert.Equal(0, Cli.Run("sweep", sweep, "--out", tmp.File("whole"), "--no-figures").Exit);
        var files = Shards(tmp, sweep, 1, 3);
        Assert.Equal(130, Cli.Run("sweep", sweep, "--out", tmp.File("shard2"), "--shard", "2/3", "--jobs", "1", "--stop-after", "3").Exit);
        string cut = SweepCommandTests.Results(tmp.File("shard2"));
        int kept = SweepResultsFile.Read(cut).Rows.Count;
        Assert.InRange(kept, 3, 7);

        var refused = Cli.Run("merge", tmp.File("merged.csv"), files[0], cut, files[1]);
        Assert.Equal(2, refused.Exit);
        Assert.Contains($"shard 2/3 ({cut}): {8 - kept} of 8 runs missing", refused.Err);
        string resume = $"migsim sweep SWEEP --shard 2/3 --out {tmp.File("shard2")} --resume";
        Assert.Contains(resume, refused.Err);
        Assert.False(File.Exists(tmp.File("merged.csv")));

        // Doing what the message says completes the set, byte-identical to the single run.
        Assert.Equal(0, Cli.Run([.. resume.Replace("SWEEP", sweep).Split(' ').Skip(1)]).Exit);
        var merged = Cli.Run("merge", tmp.File("merged.csv"), files[0], cut, files[1]);
        Assert.True(merged.Exit == 0, merged.Err);
        Assert.Equal(File.ReadAllText(SweepCommandTests.Results(tmp.File("whole"))), File.ReadAllText(tmp.File("merged.csv")));
    }

    [Fact]
    public void Allow_partial_writes_the_runs_there_are_and_lists_the_missing_ones()
    {
        using var tmp = new TempFolder();
        var files = Shards(tmp, SweepCommandTests.Write(tmp, SweepCommandTests.Sweep), 2);
        var (exit, stdout, err) = Cli.Run(["merge", tmp.File("partial.csv"), .. files, "--allow-partial"]);
        Assert.True(exit == 0, err);
        Assert.Contains("8 of 24 runs", stdout);
        Assert.Contains("16 runs are missing", stdout);
        Assert.Contains("shard 1/3: not among the inputs (8 runs: points 0, 3, 6, 9, every replication)", stdout);
        Assert.Contains("shard 3/3: not among the inputs", stdout);
        var partial = SweepResultsFile.Read(tmp.File("partial.csv"));
        Assert.Equal(24, partial.Header.Runs);
        Assert.Equal([1, 4, 7, 10], partial.Rows.Select(r => r.Point).Distinct());
    }

    /// <summary>A complete sweep of P points x R replications cut into N shards, some runs removed, some shard files left out.</summary>
    public sealed record CutSweep(int Points, int Replications, int ShardCount, bool[] Removed, bool[] ShardLeftOut);

    public static Arbitrary<CutSweep> CutSweeps() => Arb.From(
        from points in Gen.Choose(1, 30)
        from replications in Gen.Choose(1, 4)
        from shards in Gen.Choose(1, points)
        from removed in Gen.ArrayOf(Gen.Frequency((4, Gen.Constant(false)), (1, Gen.Constant(true))), points * replications)
        from leftOut in Gen.ArrayOf(Gen.Frequency((5, Gen.Constant(false)), (1, Gen.Constant(true))), shards)
        select new CutSweep(points, replications, shards, removed, leftOut));

    [Property(MaxTest = 300, Arbitrary = [typeof(MergeCommandTests)])]
    public Property Missing_runs_are_counted_exactly_and_when_named_they_are_exactly_the_absent_ones(CutSweep s)
    {
        var parts = new List<(string, SweepResults)>();
        var present = new HashSet<(int, int)>();
        for (int k = 1; k <= s.ShardCount; k++)
        {
            if (s.ShardLeftOut[k - 1] && k > 1) continue; // at least one input
            var rows = new List<SweepResultRow>();
            for (int p = k - 1; p < s.Points; p += s.ShardCount)
                for (int r = 0; r < s.Replications; r++)
                {
                    if (s.Removed[p * s.Replications + r]) continue;
                    rows.Add(new SweepResultRow(p, r, [p.ToString(), r.ToString()]));
                    present.Add((p, r));
                }
            var header = new SweepResultsHeader("cut", "0123abcd", s.Points * s.Replications, $"{k}/{s.ShardCount}");
            parts.Add(($"shard-{k}/results.csv", new SweepResults(header, ["point", "replication"], rows)));
        }
        var absent = Enumerable.Range(0, s.Points)
            .SelectMany(p => Enumerable.Range(0, s.Replications).Select(r => (p, r)))
            .Where(x => !present.Contains(x)).ToList();

        var missing = MissingRuns.Find(parts);
        bool counted = missing.Count == absent.Count;
        bool named = missing.Runs is null || missing.Runs.SequenceEqual(absent);
        // With the last point's last replication there, the shape is certain, so the runs are named.
        bool pinned = !present.Contains((s.Points - 1, s.Replications - 1)) || missing.Runs is not null || absent.Count == 0;
        bool quiet = absent.Count > 0 || missing.Lines.Count == 0;
        return (counted && named && quiet).Label($"count {missing.Count} vs {absent.Count}; runs {(missing.Runs is null ? "unknown" : missing.Runs.Count)}")
            .And(pinned.Label("shape not inferred although the last point's last replication is present"));
    }
}
