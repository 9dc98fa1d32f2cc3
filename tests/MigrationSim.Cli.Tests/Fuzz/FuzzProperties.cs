using FsCheck;
using FsCheck.Fluent;
using MigrationSim.Model.Migration;
using MigrationSim.Reporting;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Limits;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>
/// The properties the fuzz tests check on one mutated file: migsim refuses it (exit 2, the message
/// naming the file and a key or line, nothing written) or runs it (exit 0, results written)
/// within the time budget; never an unhandled exception, never another exit code.
/// </summary>
internal static class FuzzProperties
{
    private static readonly TimeSpan LoadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>The mutated file, written under its shipped name (which a scenario's default name comes from).</summary>
    private static string Write(TempFolder tmp, Mutation m)
    {
        string path = tmp.File(Path.GetFileName(m.Shipped));
        File.WriteAllBytes(path, Mutator.Apply(m));
        return path;
    }

    /// <summary>Runs <paramref name="load"/> with a time limit; a refusal comes back as the exception.</summary>
    private static (T? Value, ScenarioException? Refusal) Load<T>(Func<T> load) where T : class
    {
        var task = Task.Run(() =>
        {
            try { return (load(), (ScenarioException?)null); }
            catch (ScenarioException e) { return ((T?)null, e); }
        });
        if (!task.Wait(LoadTimeout)) throw new TimeoutException($"loading took more than {LoadTimeout.TotalSeconds} s");
        return task.Result;
    }

    /// <summary>A refusal names the file, and a key or a line unless it is about the whole file.</summary>
    private static string? RefusalProblem(ScenarioException e, string path, string stderr, int exit, string outDir)
    {
        if (exit != ExitCodes.BadInput) return $"exit {exit} for a refused input (expected 2): {stderr}";
        if (!stderr.StartsWith($"error: {path}", StringComparison.Ordinal)) return $"the message does not start with the file: {stderr}";
        bool wholeFile = e.Problem.Contains("the file is empty", StringComparison.Ordinal)
                         || e.Problem.Contains("is larger than", StringComparison.Ordinal);
        if (e.Key is null && e.Line < 1 && !wholeFile) return $"neither key nor line: {e.Message}";
        if (stderr.Length > 4000) return $"a {stderr.Length}-character message";
        if (Path.Exists(outDir)) return "a refused input wrote its output folder";
        return null;
    }

    private static (int Exit, string Out, string Err) Cli(TimeSpan timeout, params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        using var cts = new CancellationTokenSource(timeout);
        int exit = MigsimApp.RunAsync(args, new CliConsole(o, e), cts.Token).GetAwaiter().GetResult();
        return (exit, o.ToString(), e.ToString());
    }

    public static Property Scenario(Mutation m)
    {
        using var tmp = new TempFolder();
        string path = Write(tmp, m);
        string outDir = tmp.File("out");
        var (scenario, refusal) = Load(() => ScenarioLoader.LoadFile(path));
        if (refusal is not null)
        {
            var (exit, _, err) = Cli(FuzzBudget.RunTimeout, "run", path, "--out", outDir);
            string? problem = RefusalProblem(refusal, path, err, exit, outDir);
            return (problem is null).Label(problem ?? "").Classify(true, "refused");
        }
        if (!FuzzBudget.CanRun(scenario!.Input))
            return true.Classify(true, "accepted, beyond this mode's budget");
        var (code, _, stderr) = Cli(FuzzBudget.RunTimeout, "run", path, "--out", outDir);
        string? failure = code == ExitCodes.Cancelled ? $"the run took more than {FuzzBudget.RunTimeout.TotalSeconds} s"
            : code != ExitCodes.Success ? $"exit {code} for an accepted input: {stderr}"
            : !File.Exists(Path.Combine(outDir, RunOutput.SummaryFile)) ? "no summary.csv" : null;
        return (failure is null).Label(failure ?? "").Classify(true, "accepted and run");
    }

    public static Property Sweep(Mutation m)
    {
        using var tmp = new TempFolder();
        string path = Write(tmp, m);
        string outDir = tmp.File("out");
        var (plan, refusal) = Load(() => SweepExpander.Expand(SweepLoader.LoadFile(path)));
        if (refusal is not null)
        {
            var (exit, _, err) = Cli(FuzzBudget.RunTimeout, "sweep", path, "--out", outDir, "--no-figures");
            string? problem = RefusalProblem(refusal, path, err, exit, outDir);
            return (problem is null).Label(problem ?? "").Classify(true, "refused");
        }
        if (plan!.Runs.Count > InputLimits.MaxRuns) return false.Label($"{plan.Runs.Count} runs");
        var first = plan.Runs[0].Input;
        if (!FuzzBudget.CanRun(first)) return true.Classify(true, "accepted, beyond this mode's budget");
        // One run of the plan (the CLI would run them all); the point is that it is a valid, bounded simulation.
        var run = Task.Run(() => MigrationSimulation.Run(first));
        bool done = run.Wait(FuzzBudget.RunTimeout);
        return done.Label($"the first run took more than {FuzzBudget.RunTimeout.TotalSeconds} s").Classify(true, "accepted and first run simulated");
    }

    /// <summary>A real process on a file made to crash processes: exit 0 or 2, no crash report, bounded time and memory.</summary>
    public static Property Process(Mutation m, string command)
    {
        using var tmp = new TempFolder();
        string path = Write(tmp, m);
        using var p = new RunningMigsim(tmp.Path, command, path, "--out", tmp.File("out"), command == "sweep" ? "--no-figures" : "--quiet");
        int? exit = p.WaitForExit(TimeSpan.FromSeconds(60));
        string? failure = exit is null ? "did not end within 60 s"
            : exit is not (ExitCodes.Success or ExitCodes.BadInput) ? $"exit {exit}: {p.Err[..Math.Min(p.Err.Length, 2000)]}"
            : p.Err.Contains("Unhandled exception", StringComparison.Ordinal) || p.Err.Contains("Stack overflow", StringComparison.Ordinal) ? "a crash report"
            : p.PeakBytes > (2L << 30) ? $"peak memory {p.PeakBytes >> 20} MiB"
            : null;
        return (failure is null).Label(failure ?? "").Classify(exit == ExitCodes.BadInput, "refused");
    }
}
