using MigrationSim.Reporting.Csv;

namespace MigrationSim.Cli.Tests.Plugins;

/// <summary>
/// `--plugin PATH.dll` on run, sweep, plan and cluster slurm, with the example policy built as a
/// researcher builds it, and migsim as a real process (a fresh runtime loads the plug-in).
/// </summary>
[Collection(DotnetBuilds.Name)]
public class PluginCommandTests(NovaPlugin plugin)
{
    [Fact]
    public void Run_resolves_the_plugin_policy_named_in_the_scenario()
    {
        using var tmp = new TempFolder();
        var (exit, stdout, stderr) = MigsimProcess.Run(null, "run", NovaPlugin.Scenario, "--plugin", plugin.Dll, "--out", tmp.File("out"));
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        Assert.Contains("nova-downtime-steps: live nova-downtime-steps,", stdout);
        var summary = File.ReadAllLines(Path.Combine(tmp.File("out"), "summary.csv"));
        Assert.Equal("nova-downtime-steps", summary[1].Split(',')[2]);
    }

    [Fact]
    public void Without_the_plugin_the_policy_is_unknown_and_the_error_says_how_to_get_it()
    {
        var (exit, _, stderr) = MigsimProcess.Run(null, "run", NovaPlugin.Scenario, "--out", Path.GetTempPath());
        Assert.Equal(2, exit);
        Assert.Contains("nova-downtime-steps.yaml:18:", stderr);
        Assert.Contains("unknown policy 'nova-downtime-steps'", stderr);
        Assert.Contains("--plugin PATH.dll", stderr);
    }

    [Fact]
    public void A_sweep_over_the_plugin_policy_writes_its_results_and_figures()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("sweep");
        var (exit, stdout, stderr) = MigsimProcess.Run(null, "sweep", NovaPlugin.Sweep, "--plugin", plugin.Dll, "--out", outDir, "--jobs", "2");
        Assert.True(exit == 0, $"exit {exit}: {stderr}\n{stdout}");
        var r = SweepResultsFile.Read(Path.Combine(outDir, SweepResultsFile.FileName));
        Assert.Equal(6, r.Rows.Count);
        int policy = r.ColumnIndex("policy");
        Assert.Equal(["precopy", "precopy", "precopy", "nova-downtime-steps", "nova-downtime-steps", "nova-downtime-steps"], r.Rows.Select(x => x.Cells[policy]));
        Assert.True(File.Exists(Path.Combine(outDir, "figures", "total-time-vs-write-rate.png")), stdout);
    }

    [Fact]
    public void Plan_tries_the_plugin_policy_of_the_scenario_beside_qemus()
    {
        using var tmp = new TempFolder();
        var (exit, stdout, stderr) = MigsimProcess.Run(null, "plan", NovaPlugin.Scenario, "--plugin", plugin.Dll, "--max-downtime", "20ms",
            "--replications", "1", "--out", tmp.File("all"), "--jobs", "2");
        Assert.True(exit == 0, $"exit {exit}: {stderr}");
        var plan = File.ReadAllLines(tmp.File(Path.Combine("all", "plan.csv")));
        int policy = Array.IndexOf(plan[0].Split(','), "policy");
        Assert.Equal(["hybrid", "nova-downtime-steps", "postcopy", "precopy"], plan.Skip(1).Select(l => l.Split(',')[policy]).Distinct().Order());
        Assert.Contains("met the SLA", stdout);

        // Named alone, it is what the plan applies, and the commands say QEMU alone does not run it.
        var only = MigsimProcess.Run(null, "plan", NovaPlugin.Scenario, "--plugin", plugin.Dll, "--max-downtime", "20ms", "--policies", "nova-downtime-steps",
            "--replications", "1", "--out", tmp.File("only"), "--jobs", "2");
        Assert.True(only.Exit == 0, only.Err);
        Assert.Contains("# nova-downtime-steps is a simulated policy", only.Out);
        var bad = MigsimProcess.Run(null, "plan", NovaPlugin.Scenario, "--plugin", plugin.Dll, "--max-downtime", "20ms", "--policies", "scenario", "--out", tmp.File("bad"));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("allowed: precopy, postcopy, hybrid, nova-downtime-steps", bad.Err);
    }

    [Fact]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public void Slurm_array_tasks_pass_the_plugin_to_their_migsim_sweep()
    {
        using var tmp = new TempFolder();
        string outDir = tmp.File("cluster");
        var (exit, stdout, stderr) = Cli.Run("cluster", "slurm", NovaPlugin.Sweep, "--shards", "2", "--out", outDir, "--no-submit", "--plugin", plugin.Dll);
        Assert.True(exit == 0, stderr);
        string script = Path.Combine(outDir, "slurm", "sweep.sbatch");
        Assert.Contains($"{script} {NovaPlugin.Sweep} {outDir} 2 --plugin {plugin.Dll})", stdout);

        // Array task 1 as Slurm starts it (the script with the array's arguments, SLURM_ARRAY_TASK_ID, MIGSIM exported).
        var env = new Dictionary<string, string> { ["SLURM_ARRAY_TASK_ID"] = "1", ["MIGSIM"] = Path.Combine(outDir, "slurm", "migsim") };
        var task = ChildProcess.Run("bash", [script, NovaPlugin.Sweep, outDir, "2", "--plugin", plugin.Dll], env, TimeSpan.FromMinutes(5));
        Assert.True(task.Exit == 0, task.Err + task.Out);
        var r = SweepResultsFile.Read(Path.Combine(outDir, "shard-1", SweepResultsFile.FileName));
        Assert.Equal("1/2", r.Header.Shard);
        Assert.Contains(r.Rows, x => x.Cells[r.ColumnIndex("policy")] == "nova-downtime-steps");

        // Without it the task fails as the scenario would: the policy is unknown.
        var without = ChildProcess.Run("bash", [script, NovaPlugin.Sweep, tmp.File("other"), "2"], env, TimeSpan.FromMinutes(5));
        Assert.Equal(2, without.Exit);
        Assert.Contains("unknown policy 'nova-downtime-steps'", without.Err);
    }

    [Fact]
    public void Cluster_slurm_refuses_a_bad_plugin_before_writing_anything()
    {
        using var tmp = new TempFolder();
        var (exit, _, stderr) = Cli.Run("cluster", "slurm", NovaPlugin.Sweep, "--shards", "2", "--out", tmp.File("out"), "--no-submit", "--plugin", tmp.File("none.dll"));
        Assert.Equal(2, exit);
        Assert.Contains("no such file", stderr);
        Assert.False(Directory.Exists(tmp.File("out")));
    }

    [Theory]
    [InlineData("missing", "no such file; build the plug-in first")]
    [InlineData("not-an-assembly", "is not a .NET assembly")]
    [InlineData("no-definitions", "defines no public, non-abstract PolicyDefinition type")]
    [InlineData("built-in-names", "has the name of a built-in policy")]
    [InlineData("twice", "is already defined by")]
    public void A_plugin_that_cannot_be_used_is_bad_input_and_nothing_is_written(string problem, string message)
    {
        using var tmp = new TempFolder();
        string[] plugins = problem switch
        {
            "missing" => [tmp.File("nowhere.dll")],
            "not-an-assembly" => [WriteJunk(tmp.File("junk.dll"))],
            "no-definitions" => [Path.Combine(AppContext.BaseDirectory, "YamlDotNet.dll")],
            // The model's own assembly defines QEMU's three policies publicly.
            "built-in-names" => [Path.Combine(AppContext.BaseDirectory, "MigrationSim.Model.dll")],
            _ => [plugin.Dll, plugin.Dll],
        };
        foreach (string command in new[] { "run", "sweep", "plan" })
        {
            var args = new List<string> { command, command == "sweep" ? NovaPlugin.Sweep : NovaPlugin.Scenario, "--out", tmp.File("out") };
            if (command == "plan") args.AddRange(["--max-downtime", "50ms"]);
            foreach (string p in plugins) args.AddRange(["--plugin", p]);
            var (exit, _, stderr) = Cli.Run([.. args]);
            Assert.True(exit == 2, $"{command}: exit {exit}: {stderr}");
            Assert.Contains($"error: --plugin {plugins[^1]}: ", stderr);
            Assert.Contains(message, stderr);
            Assert.False(Directory.Exists(tmp.File("out")), command);
        }
    }

    private static string WriteJunk(string path)
    {
        File.WriteAllText(path, "not a PE file");
        return path;
    }
}
