using System.Diagnostics;
using MigrationSim.Cli.Examples;
using MigrationSim.Scenarios;

namespace MigrationSim.Cli.Tests;

public class InitCommandTests
{
    private static (int Exit, string Out, string Err) Migsim(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = workingDirectory };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "migsim.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(120_000), "migsim did not finish in 120 s");
        return (p.ExitCode, stdout.Result, stderr);
    }

    [Fact]
    public void Init_then_run_and_sweep_work_in_an_empty_folder()
    {
        using var tmp = new TempFolder();
        var init = Migsim(tmp.Path, "init");
        Assert.True(init.Exit == 0, init.Err);
        // Every example the repository ships, at the same relative path.
        foreach (string f in Directory.GetFiles(Path.Combine(RepoPaths.Root, "scenarios"), "*.yaml")
                     .Concat(Directory.GetFiles(Path.Combine(RepoPaths.Root, "scenarios", "sweeps"), "*.yaml")))
        {
            string rel = Path.GetRelativePath(RepoPaths.Root, f);
            Assert.Equal(File.ReadAllText(f), File.ReadAllText(tmp.File(rel)));
            Assert.Contains($"wrote {rel}", init.Out);
        }
        var run = Migsim(tmp.Path, "run", "scenarios/quickstart-postcopy.yaml");
        Assert.True(run.Exit == 0, run.Err);
        Assert.Contains($"wrote 4 files in {Path.Combine("results", "runs", "quickstart-postcopy")}: summary.csv, iterations.csv, timeline.csv, faults.csv", run.Out);
        Assert.True(File.Exists(Path.Combine(tmp.Path, "results", "runs", "quickstart-postcopy", "faults.csv")));
        var sweep = Migsim(tmp.Path, "sweep", "scenarios/sweeps/sla-downtime-limit.yaml", "--no-figures");
        Assert.True(sweep.Exit == 0, sweep.Err);
        Assert.Contains("21 points x 3 replications = 63 runs", sweep.Out);
        Assert.Contains("every run converged", sweep.Out);

        // A second init keeps what is there (the user may have edited it).
        File.WriteAllText(tmp.File("scenarios/quickstart.yaml"), "# mine\n");
        var again = Migsim(tmp.Path, "init");
        Assert.Equal(0, again.Exit);
        Assert.Equal("# mine\n", File.ReadAllText(tmp.File("scenarios/quickstart.yaml")));
        Assert.Contains("0 files written", again.Out);
    }

    [Fact]
    public void The_benchmark_scenarios_travel_in_the_tool_and_are_valid()
    {
        var bench = EmbeddedExamples.Bench();
        Assert.Equal(Directory.GetFiles(Path.Combine(RepoPaths.Root, "scenarios", "bench"), "*.yaml").Select(Path.GetFileName).Order(), bench.Select(b => b.Path).Order());
        foreach (var (name, text) in bench)
            Assert.Equal(Path.GetFileNameWithoutExtension(name), ScenarioLoader.Parse(text, name).Name);
    }

    [Fact]
    public void Every_command_help_carries_examples()
    {
        foreach (string command in new[] { "init", "run", "sweep", "merge", "plot", "plan", "bench", "capture", "validate", "dirty-rate" })
        {
            var (exit, stdout, _) = Cli.Run(command, "--help");
            Assert.Equal(0, exit);
            int examples = stdout[(stdout.IndexOf("Examples:", StringComparison.Ordinal) + 1)..].Split('\n').Count(l => l.StartsWith("  migsim ", StringComparison.Ordinal));
            Assert.True(examples is >= 2 and <= 3, $"{command}: {examples} examples\n{stdout}");
        }
    }
}
