using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MigrationSim.Cli.Benchmarks;
using MigrationSim.Model.Fleets;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Text;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Fleets;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim bench`: wall time and peak memory of whole `migsim run` processes on the benchmark
/// scenarios (`migsim fleet` processes on fleet files), the engine's own time, the speed-up over
/// the migration each predicts, and a sweep with one and two jobs; each run is a fresh child
/// process. The figures go to results/bench/.
/// </summary>
public sealed class BenchCommand
{
    private static readonly Argument<string[]> Scenarios = new("scenarios")
    {
        Description = "Scenario or fleet files to measure [default: scenarios/bench/*.yaml, or the benchmark scenarios carried in the tool]",
        Arity = ArgumentArity.ZeroOrMore,
    };

    private static readonly Option<string> Out = new("--out", "-o")
    {
        Description = "Folder for bench.csv and bench.md",
        DefaultValueFactory = _ => Path.Combine("results", "bench"),
    };

    private static readonly Option<int> Repeat = new("--repeat", "-r")
    {
        Description = "Runs per scenario (the table reports the median and the spread)",
        DefaultValueFactory = _ => 3,
    };

    private static readonly Option<string?> Sweep = new("--sweep")
    {
        Description = $"Sweep to time with 1 and 2 jobs [default: {DefaultSweep} when it exists and no scenarios are given]",
    };

    private static readonly Option<bool> NoSweep = new("--no-sweep") { Description = "Time the scenarios only" };

    private const string DefaultSweep = "scenarios/bench/sweeps/sweep-1000.yaml";

    // Internal: measure one scenario's simulation in this process and print one JSON line.
    private static readonly Option<string?> Measure = new("--measure-one") { Hidden = true };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("bench", "Measure simulation speed and peak memory on benchmark scenarios (the repository's scenarios/bench/*.yaml, else the ones carried in the tool); writes bench.csv and bench.md.")
        {
            Scenarios, Out, Repeat, Sweep, NoSweep, Measure,
        };
        CommandHelp.Examples(cmd,
            "migsim bench --repeat 3",
            "migsim bench scenarios/quickstart.yaml --repeat 5 --out bench-quickstart");
        cmd.SetAction((parse, ct) => Execute(parse, console, ct));
        return cmd;
    }

    private static async Task<int> Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        if (parse.GetValue(Measure) is { } one) return MeasureOne(one, console);

        string? embeddedDir = null;
        string[] files = parse.GetValue(Scenarios) is { Length: > 0 } given
            ? given
            : Directory.Exists(Path.Combine("scenarios", "bench"))
                ? Directory.GetFiles(Path.Combine("scenarios", "bench"), "*.yaml").Order(StringComparer.Ordinal).ToArray()
                : WriteEmbedded(out embeddedDir);
        try
        {
            return await Run(parse, console, files, ct);
        }
        finally
        {
            if (embeddedDir is not null) Directory.Delete(embeddedDir, recursive: true);
        }
    }

    /// <summary>Outside the repository: the benchmark scenarios carried inside the tool, written to a temporary folder for the measuring processes.</summary>
    private static string[] WriteEmbedded(out string? dir)
    {
        dir = Directory.CreateTempSubdirectory("migsim-bench-").FullName;
        var files = new List<string>();
        foreach (var (name, text) in Examples.EmbeddedExamples.Bench())
        {
            string path = Path.Combine(dir, name);
            File.WriteAllText(path, text);
            files.Add(path);
        }
        return files.ToArray();
    }

    private static async Task<int> Run(ParseResult parse, CliConsole console, string[] files, CancellationToken ct)
    {
        if (files.Length == 0)
        {
            console.Error.WriteLine("error: no benchmark scenarios: give scenario files");
            return ExitCodes.BadInput;
        }
        int repeat = parse.GetValue(Repeat);
        if (repeat < 1)
        {
            console.Error.WriteLine("error: --repeat must be at least 1");
            return ExitCodes.BadInput;
        }
        if (!ProgramBuild.ThisIsReadyToRun)
            console.Error.WriteLine("note: this migsim is an IL-only build (dotnet build or dotnet run), which JIT-compiles about 1,600 methods at every start; " +
                                    $"the installed tool is ReadyToRun. To measure what users run: {ProgramBuild.PublishCommand("/tmp/migsim-publish")}, then /tmp/migsim-publish/migsim bench ...");
        var scenarios = new List<Benchmark>();
        foreach (var f in files)
        {
            try
            {
                if (FleetLoader.IsFleet(f))
                {
                    var fleet = FleetLoader.LoadFile(f);
                    scenarios.Add(new Benchmark(fleet.Name, fleet.Spec.Guests.Sum(g => g.Guest.MemoryBytes), true));
                }
                else
                {
                    var scenario = ScenarioLoader.LoadFile(f);
                    scenarios.Add(new Benchmark(scenario.Name, scenario.Input.Guest.MemoryBytes, false));
                }
            }
            catch (ScenarioException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        }
        string? sweep = parse.GetValue(NoSweep) ? null : parse.GetValue(Sweep)
            ?? (File.Exists(DefaultSweep) && parse.GetValue(Scenarios) is not { Length: > 0 } ? DefaultSweep : null);
        if (sweep is not null && !File.Exists(sweep))
        {
            console.Error.WriteLine($"error: --sweep: '{sweep}' does not exist");
            return ExitCodes.BadInput;
        }

        var rows = new List<BenchRow>();
        string scratch = Directory.CreateTempSubdirectory("migsim-bench-").FullName;
        try
        {
            foreach (var (file, scenario) in files.Zip(scenarios))
            {
                for (int i = 0; i < repeat; i++)
                {
                    console.Out.Write($"  {scenario.Name} run {i + 1}/{repeat} ... ");
                    // Each run writes its own folder (a fleet's and a scenario's outputs differ, and one never
                    // replaces the other's); removed at once so that a 1 TiB postcopy's faults.csv does not pile up.
                    string runOut = Path.Combine(scratch, $"{scenario.Name}-{i + 1}");
                    var whole = await ChildRun.Of([scenario.Fleet ? "fleet" : "run", file, "--out", runOut, "--quiet"], ct);
                    var inside = await ChildRun.Of(["bench", "--measure-one", file], ct);
                    if (whole.ExitCode != 0 || inside.ExitCode != 0)
                    {
                        console.Error.WriteLine($"error: the measuring process failed for {file}: {whole.StandardError}{inside.StandardError}");
                        return ExitCodes.Failure;
                    }
                    var m = JsonSerializer.Deserialize<Measured>(inside.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last())!;
                    var row = new BenchRow(scenario.Name, scenario.MemoryBytes, whole.WallSeconds, m.SimulationSeconds, whole.PeakRssBytes,
                        m.Converged, m.TotalTimeMs, m.Transferred, m.Faults, scenario.Fleet ? "migrations" : "faults");
                    console.Out.WriteLine($"{row.WallSeconds:0.000} s whole process ({row.SimulationSeconds:0.000} s simulating), peak {Quantity.Bytes(row.PeakRssBytes)}");
                    rows.Add(row);
                    Directory.Delete(runOut, recursive: true);
                }
            }
            if (sweep is not null)
            {
                string name = Path.GetFileNameWithoutExtension(sweep);
                foreach (int jobs in new[] { 1, 2 })
                    for (int i = 0; i < repeat; i++)
                    {
                        console.Out.Write($"  {name} with {jobs} job{(jobs == 1 ? "" : "s")} run {i + 1}/{repeat} ... ");
                        string outDir = Path.Combine(scratch, $"sweep-{jobs}-{i}");
                        var r = await ChildRun.Of(["sweep", sweep, "--out", outDir, "--no-figures", "--jobs", jobs.ToString(CultureInfo.InvariantCulture)], ct);
                        if (r.ExitCode != 0)
                        {
                            console.Error.WriteLine($"error: the sweep failed: {r.StandardError}");
                            return ExitCodes.Failure;
                        }
                        int runs = File.ReadLines(Path.Combine(outDir, "results.csv")).Count() - 2;
                        console.Out.WriteLine($"{r.WallSeconds:0.000} s, peak {Quantity.Bytes(r.PeakRssBytes)}");
                        rows.Add(new BenchRow($"{name} ({jobs} job{(jobs == 1 ? "" : "s")})", 0, r.WallSeconds, null, r.PeakRssBytes, true, 0, 0, runs, "runs"));
                    }
            }
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
        string outFolder = parse.GetValue(Out)!;
        Directory.CreateDirectory(outFolder);
        WriteCsv(Path.Combine(outFolder, "bench.csv"), rows);
        string md = Markdown(rows, files, sweep, repeat, outFolder);
        File.WriteAllText(Path.Combine(outFolder, "bench.md"), md);
        console.Out.Write(md);
        return ExitCodes.Success;
    }

    private static int MeasureOne(string file, CliConsole console)
    {
        if (FleetLoader.IsFleet(file)) return MeasureFleet(file, console);
        var scenario = ScenarioLoader.LoadFile(file);
        var sw = Stopwatch.StartNew();
        var result = MigrationSimulation.Run(scenario.Input);
        sw.Stop();
        var s = result.Summary;
        console.Out.WriteLine(JsonSerializer.Serialize(new Measured(sw.Elapsed.TotalSeconds, s.Converged, s.TotalTimeMs, s.Transferred, s.Faults)));
        return ExitCodes.Success;
    }

    /// <summary>A fleet: the whole fleet run (guests created as their migrations start); "converged" when every migration completed.</summary>
    private static int MeasureFleet(string file, CliConsole console)
    {
        var fleet = FleetLoader.LoadFile(file);
        var sw = Stopwatch.StartNew();
        var result = FleetSimulation.Run(fleet.Spec);
        sw.Stop();
        console.Out.WriteLine(JsonSerializer.Serialize(new Measured(sw.Elapsed.TotalSeconds, result.Aborted + result.NotStarted == 0, result.MakespanMs, result.TransferredBytes, result.Guests.Count)));
        return ExitCodes.Success;
    }

    private static void WriteCsv(string path, List<BenchRow> rows)
    {
        var c = CultureInfo.InvariantCulture;
        var b = new StringBuilder("benchmark,memory-bytes,wall-s,simulating-s,peak-rss-bytes,converged,simulated-ms,transferred,faults-or-runs\n");
        foreach (var r in rows)
            b.AppendLine(string.Join(',', r.Name, r.MemoryBytes, r.WallSeconds.ToString("0.0000", c), r.SimulationSeconds?.ToString("0.0000", c) ?? "",
                r.PeakRssBytes, r.Converged ? "true" : "false", r.TotalTimeMs.ToString("0.###", c), r.Transferred, r.Count));
        File.WriteAllText(path, b.ToString());
    }

    private static string Markdown(List<BenchRow> rows, string[] files, string? sweep, int repeat, string outFolder)
    {
        var c = CultureInfo.InvariantCulture;
        static double Median(IEnumerable<double> v) { var l = v.Order().ToList(); return l[l.Count / 2]; }
        var b = new StringBuilder();
        b.AppendLine("# Simulation speed and memory");
        b.AppendLine();
        const string published = "/tmp/migsim-publish";
        b.AppendLine($"Regenerate (on an otherwise idle machine): `{ProgramBuild.PublishCommand(published)} && {published}/migsim bench {string.Join(' ', files)}" +
                     (sweep is null ? " --no-sweep" : $" --sweep {sweep}") + $" --repeat {repeat}" +
                     (outFolder == Path.Combine("results", "bench") ? "" : $" --out {outFolder}") + "`");
        b.AppendLine();
        b.AppendLine($"Build measured: {(ProgramBuild.ThisIsReadyToRun ? "ReadyToRun (precompiled, as `dotnet tool install` installs it)" : "**IL only** (`dotnet build`/`dotnet run`: every start JIT-compiles; the installed tool is ReadyToRun and starts faster)")}.");
        b.AppendLine();
        b.AppendLine($"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}. " +
                     "Each run is a fresh `migsim run` process (`migsim fleet` for a fleet) timed from outside (start-up, loading, simulating, writing the CSVs and figures); " +
                     "\"simulating\" is the engine alone in a second process; peak memory is the process's VmHWM. " +
                     $"Speed-up: the simulated migration's length (a fleet's makespan) over the whole-process time (target {BenchTargets.SpeedUp:0}x for one migration; a fleet's targets are its time and memory).");
        b.AppendLine();
        b.AppendLine("| benchmark | guest | whole process (median, min-max) | simulating | peak memory | simulated | speed-up | target | met (each target) |");
        b.AppendLine("|---|---|---|---|---|---|---|---|---|");
        foreach (var g in rows.GroupBy(r => r.Name))
        {
            var first = g.First();
            var walls = g.Select(r => r.WallSeconds).Order().ToList();
            double wall = Median(walls);
            long peak = g.Max(r => r.PeakRssBytes);
            var (targetWall, targetMiB) = BenchTargets.For(g.Key);
            string target = string.Join(", ", new[] { targetWall is { } tw ? $"<= {tw.ToString("0.##", c)} s" : null, targetMiB is { } tm ? $"<= {tm.ToString("0", c)} MiB" : null }.Where(x => x is not null));
            bool sweepRow = first.SimulationSeconds is null;
            double speedUp = sweepRow ? 0 : first.TotalTimeMs / 1000 / wall;
            bool fleetRow = first.CountLabel == "migrations";
            // Each target on its own: one "no" must not hide which one (or that the others are met).
            var verdicts = new List<(string Target, bool Met)>();
            if (targetWall is { } w) verdicts.Add(("time", wall <= w));
            if (targetMiB is { } m) verdicts.Add(("memory", peak / 1048576.0 <= m));
            if (!sweepRow && !fleetRow) verdicts.Add(($"{BenchTargets.SpeedUp:0}x", speedUp >= BenchTargets.SpeedUp));
            string met = verdicts.Count == 0 ? "-" : string.Join(", ", verdicts.Select(v => v.Met ? $"{v.Target} yes" : $"{v.Target} **no**"));
            b.AppendLine($"| {g.Key} | {(sweepRow ? $"{first.Count} runs" : fleetRow ? $"{first.Count:N0} guests, {Quantity.Bytes(first.MemoryBytes)}" : Quantity.Bytes(first.MemoryBytes))} | {wall:0.000} s ({walls[0]:0.000}-{walls[^1]:0.000}) | " +
                         (sweepRow ? "- | " : $"{Median(g.Select(r => r.SimulationSeconds!.Value)):0.000} s | ") +
                         $"{Quantity.Bytes(peak)} | " +
                         (sweepRow ? "- | - | " : $"{(first.CountLabel == "migrations" ? first.Converged ? "all completed" : "not all completed" : first.Converged ? "converged" : "not converged")}, {Quantity.Milliseconds(first.TotalTimeMs)}{(first.Count > 0 ? $", {first.Count:N0} {first.CountLabel}" : "")} | {speedUp:0}x | ") +
                         $"{(target.Length > 0 ? target : "-")} | {met} |");
        }
        var one = rows.Where(r => r.Name.EndsWith("(1 job)", StringComparison.Ordinal)).Select(r => r.WallSeconds).ToList();
        var two = rows.Where(r => r.Name.EndsWith("(2 jobs)", StringComparison.Ordinal)).Select(r => r.WallSeconds).ToList();
        if (one.Count > 0 && two.Count > 0)
        {
            double scaling = Median(one) / Median(two);
            b.AppendLine();
            b.AppendLine($"Two jobs against one: {scaling.ToString("0.000", c)}x (target >= 1.8x: {(scaling >= 1.8 ? "met" : "**not met**")}).");
        }
        return b.ToString();
    }

    private static string CpuModel()
    {
        try
        {
            return File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU";
        }
        catch (IOException) { return "unknown CPU"; }
    }

    /// <summary>
    /// One measured run: a scenario (simulated figures set; Count = faults), a fleet (memory of
    /// all its guests, TotalTimeMs = makespan, Count = migrations) or a sweep (SimulationSeconds null, Count = runs).
    /// </summary>
    private sealed record BenchRow(string Name, long MemoryBytes, double WallSeconds, double? SimulationSeconds, long PeakRssBytes,
        bool Converged, double TotalTimeMs, long Transferred, long Count, string CountLabel);

    /// <summary>A file to measure: its name, guest memory (all guests of a fleet), whether it is a fleet.</summary>
    private sealed record Benchmark(string Name, long MemoryBytes, bool Fleet);

    private sealed record Measured(double SimulationSeconds, bool Converged, double TotalTimeMs, long Transferred, long Faults);
}
