using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using MigrationSim.Cli.Plugins;
using MigrationSim.Cli.Sweeps;
using MigrationSim.Reporting.Csv;
using MigrationSim.Reporting.Plots;
using MigrationSim.Reporting.Text;
using MigrationSim.Reporting.Staging;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Limits;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim sweep SWEEP --out DIR`: expand a sweep file, run every point (x replications) in
/// parallel, append each run to DIR/results.csv as it finishes, then sort it and draw the default
/// figures into DIR/figures/. An existing results.csv is continued only with --resume, and only
/// if it belongs to the same sweep (same fingerprint); it is never truncated or overwritten.
/// </summary>
public sealed class SweepCommand
{
    private static readonly Argument<string> Sweep = new("sweep") { Description = "Sweep file (YAML), e.g. scenarios/sweeps/policy-comparison.yaml" };

    private static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Folder for results.csv and figures/ [default: results/sweeps/<sweep name>]",
    };

    private static readonly Option<int> Jobs = new("--jobs", "-j")
    {
        Description = "Simulations run at the same time",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    };

    private static readonly Option<string?> Shard = new("--shard")
    {
        Description = "Run only slice K of N (K/N, 1-based; points dealt round-robin), e.g. for a Slurm array or a Kubernetes indexed Job; join the slices with 'migsim merge'",
    };

    private static readonly Option<bool> Resume = new("--resume")
    {
        Description = "Continue DIR/results.csv of the same sweep: runs already in it are skipped",
    };

    private static readonly Option<string[]> Plugin = PluginOption.Create();

    private static readonly Option<bool> NoFigures = new("--no-figures") { Description = "Do not draw the default figures" };

    // Tests: stop (as if interrupted) after this many runs of this invocation.
    private static readonly Option<int?> StopAfter = new("--stop-after") { Hidden = true };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("sweep", "Run a sweep file (many scenarios over parameter axes, with replications); writes results.csv and figures.")
        {
            Sweep, Out, Jobs, Shard, Resume, Plugin, NoFigures, StopAfter,
        };
        CommandHelp.Examples(cmd,
            "migsim init && migsim sweep scenarios/sweeps/policy-comparison.yaml",
            "migsim sweep scenarios/sweeps/convergence-map.yaml --out maps --jobs 8",
            "migsim sweep scenarios/sweeps/convergence-map.yaml --out part1 --shard 1/2   (then: migsim merge all.csv part1/results.csv part2/results.csv)");
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console, ct)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        var shard = ShardSpec.Whole;
        if (parse.GetValue(Shard) is { } shardText)
        {
            shard = ShardSpec.Parse(shardText, out string error)!;
            if (shard is null) { console.Error.WriteLine($"error: --shard: {error}"); return ExitCodes.BadInput; }
        }
        int jobs = parse.GetValue(Jobs);
        if (jobs < 1) { console.Error.WriteLine($"error: --jobs must be at least 1 (got {jobs})"); return ExitCodes.BadInput; }

        if (PluginOption.Load(parse, Plugin, console) is not { } policies) return ExitCodes.BadInput;
        SweepPlan plan;
        try
        {
            plan = SweepExpander.Expand(SweepLoader.LoadFile(parse.GetValue(Sweep)!) with { Policies = policies }, jobs);
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }

        string outDir = parse.GetValue(Out) ?? Path.Combine("results", "sweeps", plan.Name);
        string path = Path.Combine(outDir, SweepResultsFile.FileName);
        if (string.IsNullOrWhiteSpace(outDir) || File.Exists(outDir) || Directory.Exists(path))
        {
            console.Error.WriteLine($"error: --out: '{outDir}' {(Directory.Exists(path) ? $"holds a folder named {SweepResultsFile.FileName}" : File.Exists(outDir) ? "is a file" : "is empty")}; give a folder for results.csv");
            return ExitCodes.BadInput;
        }
        // Parallel runs share the machine's memory: fewer jobs rather than an exhausted machine.
        long peak = plan.Runs.Count == 0 ? 0 : plan.Points.Max(p => InputLimits.EstimatedPeakBytes(p.Scenario.Input));
        int fitting = InputLimits.JobsWithinBudget(jobs, peak);
        if (fitting < jobs)
        {
            console.Out.WriteLine($"note: --jobs {jobs} lowered to {fitting}: a run of this sweep may take up to {InputLimits.Bytes(peak)}, " +
                                  $"and parallel runs are kept within {InputLimits.Bytes(InputLimits.ParallelMemoryBudgetBytes)}");
            jobs = fitting;
        }
        var header = new SweepResultsHeader(SweepResultsHeader.CleanName(plan.Name), plan.Fingerprint, plan.Runs.Count, shard.ToString());
        var columns = SweepResultsFile.Columns(plan.ParameterHeaders);
        var mine = plan.Runs.Where(r => shard.Includes(r.Point.Index)).ToList();

        var done = new HashSet<(int, int)>();
        bool resumed = false;
        SweepResultsWriter writer;
        try
        {
            if (File.Exists(path))
            {
                if (!parse.GetValue(Resume))
                {
                    console.Error.WriteLine($"error: {path} already exists; add --resume to continue that sweep, or choose another --out (the file is left as it is)");
                    return ExitCodes.BadInput;
                }
                SweepResults existing;
                try { existing = SweepResultsFile.Read(path); }
                catch (InvalidDataException e)
                {
                    console.Error.WriteLine($"error: --resume: {e.Message} (the file is left as it is)");
                    return ExitCodes.BadInput;
                }
                if (existing.Header.Fingerprint != plan.Fingerprint)
                {
                    console.Error.WriteLine($"error: --resume: {path}:1: results of a different sweep (fingerprint {existing.Header.Fingerprint}, sweep '{existing.Header.Name}'); " +
                                            $"{parse.GetValue(Sweep)} expands to fingerprint {plan.Fingerprint}. Use another --out (the file is left as it is)");
                    return ExitCodes.BadInput;
                }
                if (existing.Header.Shard != shard.ToString())
                {
                    console.Error.WriteLine($"error: --resume: {path}:1: holds shard {existing.Header.Shard}, not {shard}; resume it with --shard {existing.Header.Shard} (the file is left as it is)");
                    return ExitCodes.BadInput;
                }
                if (!existing.Columns.SequenceEqual(columns))
                {
                    console.Error.WriteLine($"error: --resume: {path}:2: its columns differ from this version's; use another --out (the file is left as it is)");
                    return ExitCodes.BadInput;
                }
                foreach (var r in existing.Rows) done.Add((r.Point, r.Replication));
                // A row cut short by a kill is dropped (rewritten atomically) before appending after it.
                if (existing.HadIncompleteTail) SweepResultsFile.WriteAll(path, existing.Header, existing.Columns, existing.Rows);
                writer = SweepResultsWriter.Append(path);
                resumed = true;
            }
            else
            {
                Directory.CreateDirectory(outDir);
                writer = SweepResultsWriter.Create(path, header, columns);
            }
            // Temporary files of a killed sort (Finish) or resume are removed; results.csv never depends on them.
            StagingName.CleanStale(outDir);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {path}: {e.Message}");
            return ExitCodes.Failure;
        }

        var todo = mine.Where(r => !done.Contains((r.Point.Index, r.Replication))).ToList();
        int already = mine.Count - todo.Count;
        console.Out.WriteLine($"sweep {plan.Name}: {Plural.Of(plan.Points.Count, "point")} x {Plural.Of(plan.Definition.Replications, "replication")} = {Plural.Of(plan.Runs.Count, "run")}" +
                              (shard.Count > 1 ? $"; shard {shard}: {Plural.Of(mine.Count, "run")}" : "") +
                              (already > 0 ? $"; {already} already in {path}, {todo.Count} to run" : "") +
                              $"; {jobs} jobs; fingerprint {plan.Fingerprint}");

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        int stopAfter = parse.GetValue(StopAfter) ?? int.MaxValue;
        int finishedHere = 0;
        var clock = Stopwatch.StartNew();
        bool interrupted = false;
        IReadOnlyList<SweepResultRow> ran = [];
        using (writer)
        {
            ISweepProgress progress = ReferenceEquals(console.Out, Console.Out) && !Console.IsOutputRedirected
                ? new SpectreSweepProgress()
                : new PlainSweepProgress(console.Out, TimeSpan.FromSeconds(5));
            try
            {
                progress.Run(mine.Count, already, advance => ran = SweepExecutor.Run(todo, writer, jobs, () =>
                {
                    advance();
                    if (Interlocked.Increment(ref finishedHere) >= stopAfter) stop.Cancel();
                }, stop.Token));
            }
            catch (Exception e) when (e is OperationCanceledException
                                      || (e is AggregateException a && a.Flatten().InnerExceptions.All(x => x is OperationCanceledException)))
            {
                interrupted = true;
            }
        }
        clock.Stop();
        if (interrupted)
        {
            console.Error.WriteLine($"interrupted: {already + finishedHere} of {mine.Count} runs are in {path}; continue with: migsim sweep {parse.GetValue(Sweep)} --out {outDir}{(shard.Count > 1 ? $" --shard {shard}" : "")} --resume");
            return ExitCodes.Cancelled;
        }

        var results = resumed ? SweepExecutor.Finish(path) : SweepExecutor.Finish(path, header, columns, ran);
        double rate = todo.Count / Math.Max(clock.Elapsed.TotalSeconds, 1e-9);
        console.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {Plural.Of(todo.Count, "run")} in {clock.Elapsed.TotalSeconds:0.00} s ({rate:0.0} runs/s); wrote {path} ({Plural.Of(results.Rows.Count, "row")})"));
        int convergedColumn = results.ColumnIndex("converged");
        int notConverged = convergedColumn < 0 ? 0 : results.Rows.Count(r => r.Cells[convergedColumn] == "false");
        console.Out.WriteLine(notConverged == 0
            ? $"  every run converged"
            : $"  {notConverged} of {Plural.Of(results.Rows.Count, "run")} did not converge (cancelled at max-time or max-iterations; marked in the figures)");
        if (shard.Count > 1)
        {
            console.Out.WriteLine($"  shard {shard} done; join the shards with: migsim merge OUT.csv SHARD1/results.csv SHARD2/results.csv ...");
            return ExitCodes.Success;
        }
        if (!parse.GetValue(NoFigures) && ct.IsCancellationRequested)
        {
            console.Error.WriteLine($"interrupted: every run is in {path}; the figures were not drawn (draw them with: migsim plot {path} --defaults)");
            return ExitCodes.Cancelled;
        }
        if (!parse.GetValue(NoFigures))
        {
            try
            {
                var figures = DefaultFigures.Draw(new SweepTable(results), Path.Combine(outDir, "figures"));
                foreach (var f in figures) console.Out.WriteLine($"  wrote {f}");
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"error: cannot write figures: {e.Message}");
                return ExitCodes.Failure;
            }
        }
        return ExitCodes.Success;
    }
}
