using System.CommandLine;
using MigrationSim.Cli.Cluster;
using MigrationSim.Cli.Plugins;
using MigrationSim.Reporting.Csv;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim cluster slurm SWEEP --shards N`: writes the shipped Slurm job files into the results
/// folder and submits them: a job array with one task per shard (each resumes its own file when
/// requeued), and a merge job after it (afterok) that joins the shards, refuses an incomplete set
/// and draws the figures once. Prints the job ids. Everything is checked before anything is
/// written or submitted.
/// </summary>
public sealed class ClusterCommand
{
    private static readonly Argument<string> Sweep = new("sweep") { Description = "Sweep file (YAML) on storage the compute nodes see" };

    private static readonly Option<int> Shards = new("--shards", "-n")
    {
        Description = "N: array tasks, one shard each (at most the sweep's point count)",
        Required = true,
    };

    private static readonly Option<string?> Out = new("--out", "-o")
    {
        Description = "Results folder on storage the compute nodes see: shard-K/, results.csv, figures/, logs/, slurm/ [default: results/sweeps/<sweep name>]",
    };

    private static readonly Option<string?> Partition = new("--partition", "-p") { Description = "Slurm partition [default: the cluster's default]" };

    private static readonly Option<int> CpusPerTask = new("--cpus-per-task", "-c")
    {
        Description = "CPUs per array task; each shard runs that many simulations at once",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string?> Time = new("--time", "-t") { Description = "Slurm time limit per task, e.g. 01:00:00 [default: the partition's]" };

    private static readonly Option<string[]> SbatchOptions = new("--sbatch-option")
    {
        Description = "A further sbatch option for both jobs, written with '=': --sbatch-option=--account=proj (repeatable)",
    };

    private static readonly Option<string?> MigsimCommand = new("--migsim")
    {
        Description = "migsim as the compute nodes start it, e.g. /shared/migsim/migsim [default: the migsim running this command]",
    };

    private static readonly Option<string[]> Plugin = PluginOption.Create();

    private static readonly Option<bool> NoSubmit = new("--no-submit")
    {
        Description = "Write the job files and print the sbatch commands, but submit nothing",
    };

    public static Command Create(CliConsole console)
    {
        var slurm = new Command("slurm", "Submit a sweep to Slurm: a job array (one shard per task, requeued tasks resume) and a merge job after it that draws the figures; prints the job ids.")
        {
            Sweep, Shards, Out, Partition, CpusPerTask, Time, SbatchOptions, MigsimCommand, Plugin, NoSubmit,
        };
        slurm.SetAction((parse, ct) => Task.FromResult(Slurm(parse, console)));
        return new Command("cluster", "Run a sweep on a cluster scheduler (docs/cluster.md).") { slurm };
    }

    private static int Slurm(ParseResult parse, CliConsole console)
    {
        int shards = parse.GetValue(Shards);
        int cpus = parse.GetValue(CpusPerTask);
        if (cpus < 1) return BadInput(console, $"--cpus-per-task must be at least 1 (got {cpus})");
        if (shards < 1) return BadInput(console, $"--shards must be at least 1 (got {shards})");

        // The plug-ins are loaded here too: the sweep is expanded (and checked) before anything is submitted.
        if (PluginOption.Load(parse, Plugin, console) is not { } policies) return ExitCodes.BadInput;
        string sweepArg = parse.GetValue(Sweep)!;
        SweepPlan plan;
        try { plan = SweepExpander.Expand(SweepLoader.LoadFile(sweepArg) with { Policies = policies }); }
        catch (ScenarioException e) { return BadInput(console, e.Message); }
        if (shards > plan.Points.Count)
            return BadInput(console, $"--shards {shards}: sweep '{plan.Name}' has {plan.Points.Count} points and a shard holds whole points; use at most --shards {plan.Points.Count}");

        string outDir = Path.GetFullPath(parse.GetValue(Out) ?? Path.Combine("results", "sweeps", plan.Name));
        var job = new SlurmSubmission(plan.Name, Path.GetFullPath(sweepArg), outDir, shards, cpus,
            parse.GetValue(Partition), parse.GetValue(Time), parse.GetValue(SbatchOptions) ?? [])
        {
            Plugins = PluginOption.FullPaths(parse, Plugin),
        };

        string merged = Path.Combine(outDir, SweepResultsFile.FileName);
        if (File.Exists(merged))
            return BadInput(console, $"{merged} already exists: this sweep was merged there; choose another --out (the folder is left as it is)");
        int resuming = 0;
        for (int k = 1; k <= shards; k++)
        {
            string file = Path.Combine(job.ShardDir(k), SweepResultsFile.FileName);
            if (!File.Exists(file)) continue;
            string? problem = ShardProblem(file, plan, new ShardSpec(k, shards));
            if (problem is not null) return BadInput(console, $"{problem}; choose another --out (the file is left as it is)");
            resuming++;
        }

        bool submit = !parse.GetValue(NoSubmit);
        IReadOnlyList<string> migsim = parse.GetValue(MigsimCommand) is { } given ? [given] : MigsimOnNodes.ThisMigsim();
        string launcher = Path.Combine(job.JobFilesDir, MigsimOnNodes.FileName);
        var slurm = new SlurmClient(new Dictionary<string, string> { ["MIGSIM"] = launcher });
        if (submit && slurm.Version(out string noSbatch) is null)
        {
            console.Error.WriteLine($"error: cannot run sbatch: {noSbatch}");
            console.Error.WriteLine("  nothing was written; on a machine without Slurm, --no-submit writes the job files and prints the commands");
            return ExitCodes.Failure;
        }

        (string Sweep, string Merge) scripts;
        try
        {
            Directory.CreateDirectory(job.LogsDir);
            scripts = SlurmJobFiles.WriteTo(job.JobFilesDir);
            MigsimOnNodes.Write(job.JobFilesDir, migsim);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write the job files into {job.JobFilesDir}: {e.Message}");
            return ExitCodes.Failure;
        }

        var perShard = Enumerable.Range(1, shards)
            .Select(k => plan.Points.Count(p => new ShardSpec(k, shards).Includes(p.Index)) * plan.Definition.Replications).ToList();
        console.Out.WriteLine($"sweep {plan.Name}: {plan.Runs.Count} runs in {shards} shard{(shards > 1 ? "s" : "")} of " +
                              (perShard.Min() == perShard.Max() ? $"{perShard[0]}" : $"{perShard.Min()}-{perShard.Max()}") +
                              $" runs, {cpus} CPU{(cpus > 1 ? "s" : "")} per task; fingerprint {plan.Fingerprint}" +
                              (resuming > 0 ? $"; {resuming} shard{(resuming > 1 ? "s" : "")} already started will resume" : ""));
        console.Out.WriteLine($"  wrote {scripts.Sweep}, {scripts.Merge}, {launcher} (runs: {ShellWords.Join(migsim)})");

        var arrayArgs = job.ArrayArguments(scripts.Sweep);
        if (!submit)
        {
            console.Out.WriteLine("  submit with:");
            console.Out.WriteLine($"    export MIGSIM={ShellWords.Quote(launcher)}");
            console.Out.WriteLine($"    array=$(sbatch {ShellWords.Join(arrayArgs)})");
            // The merge job's dependency names the array's id, which the shell variable holds.
            var mergeTemplate = job.MergeArguments(scripts.Merge, "ARRAY")
                .Select(a => a == "--dependency=afterok:ARRAY" ? "--dependency=afterok:\"$array\"" : ShellWords.Quote(a));
            console.Out.WriteLine($"    sbatch {string.Join(' ', mergeTemplate)}");
            return ExitCodes.Success;
        }

        string? arrayId = slurm.Submit(arrayArgs, out string arrayError);
        if (arrayId is null)
        {
            console.Error.WriteLine($"error: submitting the array failed: {arrayError}");
            console.Error.WriteLine($"  command: sbatch {ShellWords.Join(arrayArgs)}");
            return ExitCodes.Failure;
        }
        var mergeArgs = job.MergeArguments(scripts.Merge, arrayId);
        string? mergeId = slurm.Submit(mergeArgs, out string mergeError);
        if (mergeId is null)
        {
            // Without its merge job the array would finish into shards nobody joins: take it back.
            slurm.Cancel(arrayId);
            console.Error.WriteLine($"error: submitting the merge job failed, so array job {arrayId} was cancelled: {mergeError}");
            console.Error.WriteLine($"  command: sbatch {ShellWords.Join(mergeArgs)}");
            return ExitCodes.Failure;
        }

        console.Out.WriteLine($"  array job {arrayId}: tasks 1-{shards}, shard K into {Path.Combine(outDir, "shard-K", SweepResultsFile.FileName)}, logs in {job.LogsDir}");
        console.Out.WriteLine($"  merge job {mergeId}: after every task succeeded (afterok:{arrayId}), into {merged} and {Path.Combine(outDir, "figures")}");
        console.Out.WriteLine($"  watch: squeue -j {arrayId},{mergeId}; a task that failed or was cut short: scontrol requeue {arrayId}_K (it resumes its shard)");
        return ExitCodes.Success;
    }

    /// <summary>Why an existing shard file cannot be resumed by task K of this submission, or null if it can.</summary>
    private static string? ShardProblem(string file, SweepPlan plan, ShardSpec shard)
    {
        SweepResults existing;
        try { existing = SweepResultsFile.Read(file); }
        catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
        {
            return e is InvalidDataException ? e.Message : $"{file}: {e.Message}";
        }
        if (existing.Header.Fingerprint != plan.Fingerprint)
            return $"{file}:1: results of a different sweep (fingerprint {existing.Header.Fingerprint}, sweep '{existing.Header.Name}', not {plan.Fingerprint})";
        if (existing.Header.Shard != shard.ToString())
            return $"{file}:1: holds shard {existing.Header.Shard}, not {shard} (an earlier submission with another --shards)";
        return null;
    }

    private static int BadInput(CliConsole console, string message)
    {
        console.Error.WriteLine($"error: {message}");
        return ExitCodes.BadInput;
    }
}
