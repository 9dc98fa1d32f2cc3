using MigrationSim.Reporting.Csv;

namespace MigrationSim.Cli.Tests.Cluster;

/// <summary>`migsim cluster slurm` without a cluster: the files it writes, the commands it prints, what it refuses up front.</summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")] // Slurm job files are Unix executables
public class ClusterCommandTests
{
    private static string Shipped(string name) => Path.Combine(RepoPaths.Root, "cluster", "slurm", name);

    [Fact]
    public void No_submit_writes_the_shipped_job_files_and_prints_the_sbatch_commands()
    {
        using var tmp = new TempFolder();
        string sweep = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep);
        string outDir = tmp.File("out");
        var (exit, stdout, err) = Cli.Run("cluster", "slurm", sweep, "--shards", "5", "--out", outDir, "--no-submit",
            "--partition", "batch", "--time", "00:30:00", "--cpus-per-task", "2", "--sbatch-option=--account=proj");
        Assert.True(exit == 0, err);

        // The job files are the shipped ones, byte for byte, and the launcher runs this migsim.
        foreach (string f in new[] { "sweep.sbatch", "merge.sbatch" })
        {
            Assert.Equal(File.ReadAllBytes(Shipped(f)), File.ReadAllBytes(Path.Combine(outDir, "slurm", f)));
            Assert.True(File.GetUnixFileMode(Path.Combine(outDir, "slurm", f)).HasFlag(UnixFileMode.UserExecute));
            var syntax = ChildProcess.Run("bash", ["-n", Shipped(f)]);
            Assert.True(syntax.Exit == 0, $"{f}: {syntax.Err}");
        }
        string launcher = File.ReadAllText(Path.Combine(outDir, "slurm", "migsim"));
        Assert.Contains($"exec {MigsimProcess.Dotnet} {MigsimProcess.Dll} \"$@\"", launcher.Replace("'", ""));
        Assert.True(Directory.Exists(Path.Combine(outDir, "logs")));

        // 12 points in 5 shards: 3, 3, 2, 2, 2 points of 2 replications.
        Assert.Contains("sweep tiny-sweep: 24 runs in 5 shards of 4-6 runs, 2 CPUs per task", stdout);
        Assert.Contains($"export MIGSIM={Path.Combine(outDir, "slurm", "migsim")}", stdout);
        Assert.Contains($"array=$(sbatch --parsable --export=ALL --job-name=migsim-tiny-sweep --array=1-5 --cpus-per-task=2 --chdir={outDir} " +
                        $"--output={outDir}/logs/sweep-%A_%a.out --partition=batch --time=00:30:00 --account=proj {outDir}/slurm/sweep.sbatch {sweep} {outDir} 5)", stdout);
        Assert.Contains($"sbatch --parsable --export=ALL --job-name=migsim-tiny-sweep-merge --dependency=afterok:\"$array\" --kill-on-invalid-dep=yes --chdir={outDir} " +
                        $"--output={outDir}/logs/merge-%j.out --partition=batch --time=00:30:00 --account=proj {outDir}/slurm/merge.sbatch {outDir} 5", stdout);
        Assert.Empty(Directory.GetDirectories(outDir, "shard-*"));
    }

    [Theory]
    [InlineData("--shards", "0", "--shards must be at least 1")]
    [InlineData("--shards", "13", "has 12 points")]
    [InlineData("--cpus-per-task", "0", "--cpus-per-task must be at least 1")]
    public void A_bad_option_is_refused_and_nothing_is_written(string option, string value, string message)
    {
        using var tmp = new TempFolder();
        string sweep = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep);
        var args = new List<string> { "cluster", "slurm", sweep, "--out", tmp.File("out"), "--no-submit", option, value };
        if (option != "--shards") args.AddRange(["--shards", "3"]);
        var (exit, _, err) = Cli.Run([.. args]);
        Assert.Equal(2, exit);
        Assert.Contains(message, err);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Fact]
    public void A_bad_sweep_is_refused_naming_its_line_and_nothing_is_written()
    {
        using var tmp = new TempFolder();
        string sweep = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep.Replace("key: migration.max-bandwidth", "key: migration.max-bandwith"));
        var (exit, _, err) = Cli.Run("cluster", "slurm", sweep, "--shards", "3", "--out", tmp.File("out"), "--no-submit");
        Assert.Equal(2, exit);
        Assert.Contains($"{sweep}:12:", err);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Fact]
    public void Results_already_there_are_resumed_when_they_fit_and_refused_untouched_when_they_do_not()
    {
        using var tmp = new TempFolder();
        string sweep = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep);
        string outDir = tmp.File("out");
        Assert.Equal(0, Cli.Run("sweep", sweep, "--out", Path.Combine(outDir, "shard-2"), "--shard", "2/3").Exit);

        var fits = Cli.Run("cluster", "slurm", sweep, "--shards", "3", "--out", outDir, "--no-submit");
        Assert.True(fits.Exit == 0, fits.Err);
        Assert.Contains("1 shard already started will resume", fits.Out);

        // The same folder with another shard count, or for another sweep: refused, files untouched.
        string shard2 = SweepCommandTests.Results(Path.Combine(outDir, "shard-2"));
        string before = File.ReadAllText(shard2);
        var otherCount = Cli.Run("cluster", "slurm", sweep, "--shards", "4", "--out", outDir, "--no-submit");
        Assert.Equal(2, otherCount.Exit);
        Assert.Contains($"{shard2}:1: holds shard 2/3, not 2/4", otherCount.Err);
        string other = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep.Replace("seed: 4", "seed: 5"), "other.yaml");
        var otherSweep = Cli.Run("cluster", "slurm", other, "--shards", "3", "--out", outDir, "--no-submit");
        Assert.Equal(2, otherSweep.Exit);
        Assert.Contains($"{shard2}:1: results of a different sweep", otherSweep.Err);
        Assert.Equal(before, File.ReadAllText(shard2));

        // A merged results.csv means this folder's sweep is done.
        File.Copy(shard2, Path.Combine(outDir, SweepResultsFile.FileName));
        var merged = Cli.Run("cluster", "slurm", sweep, "--shards", "3", "--out", outDir, "--no-submit");
        Assert.Equal(2, merged.Exit);
        Assert.Contains("already exists", merged.Err);
    }

    [Fact]
    public void Without_sbatch_it_says_so_and_writes_nothing()
    {
        using var tmp = new TempFolder();
        string sweep = SweepCommandTests.Write(tmp, SweepCommandTests.Sweep);
        var (exit, _, err) = MigsimProcess.Run(new Dictionary<string, string> { ["PATH"] = tmp.File("empty-path") },
            "cluster", "slurm", sweep, "--shards", "3", "--out", tmp.File("out"));
        Assert.Equal(1, exit);
        Assert.Contains("cannot run sbatch", err);
        Assert.Contains("--no-submit", err);
        Assert.False(Directory.Exists(tmp.File("out")));
    }
}
