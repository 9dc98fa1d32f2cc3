using MigrationSim.Reporting.Csv;

namespace MigrationSim.Cli.Tests;

public class SweepCommandTests
{
    // 3 rates x 2 bandwidths x 2 policies = 12 points, x 2 replications = 24 small runs.
    internal const string Sweep = """
        name: tiny-sweep
        replications: 2
        base:
          seed: 4
          guest: { memory: 128MiB, resident: 8MiB }
          workload: { kind: uniform, working-set: 32MiB, rate: 1k pages/s }
          network: { bandwidth: 10Gbit/s, latency: 100us }
          migration: { max-time: 60s }
        axes:
          - key: workload.rate
            values: [500 pages/s, 2k pages/s, 8k pages/s]
          - key: migration.max-bandwidth
            values: [32MiB/s, 128MiB/s]
          - key: migration.policy
            values: [precopy, hybrid]
            set: { hybrid: { migration.switch: { after-iterations: 2 } } }
        """;

    internal static string Write(TempFolder tmp, string text, string name = "sweep.yaml")
    {
        string path = tmp.File(name);
        File.WriteAllText(path, text);
        return path;
    }

    internal static string Results(string dir) => Path.Combine(dir, SweepResultsFile.FileName);

    [Fact]
    public void A_sweep_writes_one_row_per_run_sorted_and_the_default_figures()
    {
        using var tmp = new TempFolder();
        var (exit, stdout, stderr) = Cli.Run("sweep", Write(tmp, Sweep), "--out", tmp.File("out"), "--jobs", "2");
        Assert.True(exit == 0, stderr + stdout);
        var r = SweepResultsFile.Read(Results(tmp.File("out")));
        Assert.Equal(24, r.Rows.Count);
        Assert.Equal(24, r.Header.Runs);
        Assert.Equal(Enumerable.Range(0, 12).SelectMany(p => new[] { (p, 0), (p, 1) }), r.Rows.Select(x => (x.Point, x.Replication)));
        Assert.Equal(["workload.rate", "workload.rate [pages/s]", "migration.max-bandwidth", "migration.max-bandwidth [MiB/s]", "migration.policy"], r.Columns.Take(5));
        Assert.Equal(24, r.Rows.Select(x => x.Cells[r.ColumnIndex("seed")]).Distinct().Count());
        Assert.Equal("hybrid", r.Rows[2].Cells[r.ColumnIndex("policy")]);
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "figures", "convergence-map.png")), stdout);
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "figures", "total-time-vs-write-rate.png")), stdout);
        Assert.True(File.Exists(Path.Combine(tmp.File("out"), "figures", "winning-policy-map.png")), stdout);
    }

    [Fact]
    public void An_interrupted_sweep_resumed_gives_the_same_file_as_an_uninterrupted_one()
    {
        using var tmp = new TempFolder();
        string sweep = Write(tmp, Sweep);
        Assert.Equal(0, Cli.Run("sweep", sweep, "--out", tmp.File("whole"), "--no-figures").Exit);

        var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File("cut"), "--no-figures", "--jobs", "1", "--stop-after", "7");
        Assert.Equal(130, exit);
        Assert.Contains("--resume", err);
        int kept = SweepResultsFile.Read(Results(tmp.File("cut"))).Rows.Count;
        Assert.InRange(kept, 7, 23);

        var resumed = Cli.Run("sweep", sweep, "--out", tmp.File("cut"), "--no-figures", "--resume");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains($"{kept} already in", resumed.Out);
        Assert.Contains($"  {24 - kept} runs in", resumed.Out); // only the missing runs were simulated
        Assert.Equal(File.ReadAllText(Results(tmp.File("whole"))), File.ReadAllText(Results(tmp.File("cut"))));
    }

    [Fact]
    public void A_results_file_truncated_mid_row_is_resumed_to_the_same_result()
    {
        using var tmp = new TempFolder();
        string sweep = Write(tmp, Sweep);
        Assert.Equal(0, Cli.Run("sweep", sweep, "--out", tmp.File("whole"), "--no-figures").Exit);
        string whole = File.ReadAllText(Results(tmp.File("whole")));

        // Keep the header lines and 5 rows, plus half of the sixth: what a kill during a write leaves.
        Directory.CreateDirectory(tmp.File("cut"));
        var lines = whole.Split('\n');
        string cut = string.Join('\n', lines.Take(7)) + "\n" + lines[7][..(lines[7].Length / 2)];
        File.WriteAllText(Results(tmp.File("cut")), cut);

        var resumed = Cli.Run("sweep", sweep, "--out", tmp.File("cut"), "--no-figures", "--resume");
        Assert.True(resumed.Exit == 0, resumed.Err);
        Assert.Contains("5 already in", resumed.Out);
        Assert.Contains("  19 runs in", resumed.Out);
        Assert.Equal(whole, File.ReadAllText(Results(tmp.File("cut"))));
    }

    [Fact]
    public void An_existing_results_file_is_never_overwritten_without_resume()
    {
        using var tmp = new TempFolder();
        string sweep = Write(tmp, Sweep);
        Directory.CreateDirectory(tmp.File("out"));
        File.WriteAllText(Results(tmp.File("out")), "precious");
        var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains("--resume", err);
        Assert.Equal("precious", File.ReadAllText(Results(tmp.File("out"))));

        // --resume on a file that is not a results file: refused, untouched.
        var again = Cli.Run("sweep", sweep, "--out", tmp.File("out"), "--resume");
        Assert.Equal(2, again.Exit);
        Assert.Equal("precious", File.ReadAllText(Results(tmp.File("out"))));
    }

    [Fact]
    public void Resume_refuses_the_results_of_a_different_sweep_and_leaves_them_untouched()
    {
        using var tmp = new TempFolder();
        string first = Write(tmp, Sweep);
        Assert.Equal(130, Cli.Run("sweep", first, "--out", tmp.File("out"), "--no-figures", "--stop-after", "3", "--jobs", "1").Exit);
        string before = File.ReadAllText(Results(tmp.File("out")));
        string other = Write(tmp, Sweep.Replace("8k pages/s", "9k pages/s"), "other.yaml");
        var (exit, _, err) = Cli.Run("sweep", other, "--out", tmp.File("out"), "--resume");
        Assert.Equal(2, exit);
        Assert.Contains("different sweep", err);
        Assert.Contains("results.csv:1:", err);
        Assert.Equal(before, File.ReadAllText(Results(tmp.File("out"))));
    }

    [Fact]
    public void Shards_merged_equal_the_whole_sweep()
    {
        using var tmp = new TempFolder();
        string sweep = Write(tmp, Sweep);
        Assert.Equal(0, Cli.Run("sweep", sweep, "--out", tmp.File("whole"), "--no-figures").Exit);
        var parts = new List<string>();
        for (int k = 1; k <= 3; k++)
        {
            var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File($"shard{k}"), "--shard", $"{k}/3");
            Assert.True(exit == 0, err);
            var rows = SweepResultsFile.Read(Results(tmp.File($"shard{k}"))).Rows;
            Assert.All(rows, r => Assert.Equal(k - 1, r.Point % 3));
            parts.Add(Results(tmp.File($"shard{k}")));
        }
        var merged = Cli.Run(["merge", tmp.File("merged.csv"), .. parts]);
        Assert.True(merged.Exit == 0, merged.Err);
        Assert.Equal(File.ReadAllText(Results(tmp.File("whole"))), File.ReadAllText(tmp.File("merged.csv")));

        // Merging again into the existing file, or a shard of another sweep, is refused.
        Assert.Equal(2, Cli.Run(["merge", tmp.File("merged.csv"), .. parts]).Exit);
        string other = Write(tmp, Sweep.Replace("seed: 4", "seed: 5"), "other.yaml");
        Assert.Equal(0, Cli.Run("sweep", other, "--out", tmp.File("o1"), "--shard", "1/3").Exit);
        var bad = Cli.Run("merge", tmp.File("m2.csv"), parts[1], Results(tmp.File("o1")));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("different sweep", bad.Err);
        Assert.False(File.Exists(tmp.File("m2.csv")));
    }

    [Theory]
    [InlineData("0/3")]
    [InlineData("4/3")]
    [InlineData("2/0")]
    [InlineData("half")]
    public void A_shard_spec_out_of_range_is_bad_input(string spec)
    {
        using var tmp = new TempFolder();
        var (exit, _, err) = Cli.Run("sweep", Write(tmp, Sweep), "--out", tmp.File("out"), "--shard", spec);
        Assert.Equal(2, exit);
        Assert.Contains("--shard", err);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Fact]
    public void An_axis_over_an_unknown_key_is_bad_input_naming_the_sweep_line_and_key()
    {
        using var tmp = new TempFolder();
        string sweep = Write(tmp, Sweep.Replace("key: migration.max-bandwidth", "key: migration.max-bandwith"));
        var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains($"{sweep}:12:", err);
        Assert.Contains("migration.max-bandwith", err);
        Assert.Contains("did you mean 'max-bandwidth'", err);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Fact]
    public void An_empty_range_is_bad_input()
    {
        using var tmp = new TempFolder();
        string sweep = Write(tmp, Sweep.Replace("values: [32MiB/s, 128MiB/s]", "range: { from: 32MiB/s, to: 128MiB/s, steps: 0 }"));
        var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File("out"));
        Assert.Equal(2, exit);
        Assert.Contains($"{sweep}:13:", err);
        Assert.Contains("empty", err);
    }

    [Theory]
    [InlineData("sla-downtime-limit")]
    [InlineData("policy-comparison")]
    [InlineData("convergence-map")]
    public void Every_shipped_sweep_runs_and_its_committed_figures_come_from_the_current_file(string name)
    {
        using var tmp = new TempFolder();
        string sweep = Path.Combine(RepoPaths.Scenarios, "sweeps", name + ".yaml");
        var (exit, _, err) = Cli.Run("sweep", sweep, "--out", tmp.File("out"), "--no-figures");
        Assert.True(exit == 0, err);
        var fresh = SweepResultsFile.Read(Results(tmp.File("out")));
        Assert.Equal(fresh.Header.Runs, fresh.Rows.Count);
        string committedDir = Path.Combine(RepoPaths.Root, "results", "figures", name);
        var committed = SweepResultsFile.Read(Path.Combine(committedDir, SweepResultsFile.FileName));
        Assert.True(fresh.Header == committed.Header,
            $"results/figures/{name} was made from another version of {name}.yaml ({committed.Header.Fingerprint} vs {fresh.Header.Fingerprint}); regenerate it (results/figures/README.md)");
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(committedDir, "figures"), "*.png"));
    }

    [Fact]
    public void Every_shipped_sweep_is_valid()
    {
        foreach (var f in Directory.GetFiles(Path.Combine(RepoPaths.Scenarios, "sweeps"), "*.yaml"))
        {
            var plan = Scenarios.Sweeps.SweepExpander.Expand(Scenarios.Sweeps.SweepLoader.LoadFile(f));
            Assert.True(plan.Runs.Count is > 0 and <= 400, $"{f}: {plan.Runs.Count} runs");
        }
    }
}
