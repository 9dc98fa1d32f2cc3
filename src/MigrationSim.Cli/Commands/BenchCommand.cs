using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Text;
using MigrationSim.Scenarios;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim bench`: wall time and peak memory of whole simulations. Each run happens in a fresh
/// child process so its peak resident set is its own; the figures go to results/bench/.
/// </summary>
public sealed class BenchCommand
{
    private static readonly Argument<string[]> Scenarios = new("scenarios")
    {
        Description = "Scenario files to measure [default: scenarios/bench/*.yaml, or the benchmark scenarios carried in the tool]",
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

    // Internal: measure one scenario in this process and print one JSON line.
    private static readonly Option<string?> Measure = new("--measure-one") { Hidden = true };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("bench", "Measure simulation speed and peak memory on benchmark scenarios (the repository's scenarios/bench/*.yaml, else the ones carried in the tool); writes bench.csv and bench.md.")
        {
            Scenarios, Out, Repeat, Measure,
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
        foreach (var f in files)
        {
            try { ScenarioLoader.LoadFile(f); }
            catch (ScenarioException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        var rows = new List<BenchRow>();
        foreach (var f in files)
        {
            for (int i = 0; i < repeat; i++)
            {
                console.Out.Write($"  {f} run {i + 1}/{repeat} ... ");
                var row = await RunChild(f, ct);
                if (row is null)
                {
                    console.Error.WriteLine($"error: the measuring process failed for {f}");
                    return ExitCodes.Failure;
                }
                console.Out.WriteLine($"{row.WallSeconds:0.000} s, peak {Quantity.Bytes(row.PeakRssBytes)}");
                rows.Add(row);
            }
        }
        string outDir = parse.GetValue(Out)!;
        Directory.CreateDirectory(outDir);
        WriteCsv(Path.Combine(outDir, "bench.csv"), rows);
        string md = Markdown(rows, files, repeat);
        File.WriteAllText(Path.Combine(outDir, "bench.md"), md);
        console.Out.Write(md);
        return ExitCodes.Success;
    }

    private static int MeasureOne(string file, CliConsole console)
    {
        var scenario = ScenarioLoader.LoadFile(file);
        var sw = Stopwatch.StartNew();
        var result = MigrationSimulation.Run(scenario.Input);
        sw.Stop();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        var row = new BenchRow(file, scenario.Input.Guest.MemoryBytes, scenario.Input.Guest.Pages, sw.Elapsed.TotalSeconds,
            self.PeakWorkingSet64, result.Summary.Converged, result.Summary.TotalTimeMs, result.Summary.Transferred, result.Summary.DirtySyncCount);
        console.Out.WriteLine(JsonSerializer.Serialize(row));
        return ExitCodes.Success;
    }

    private static async Task<BenchRow?> RunChild(string file, CancellationToken ct)
    {
        // Re-run this same program: the apphost directly, or `dotnet migsim.dll`.
        string exe = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") psi.ArgumentList.Add(typeof(BenchCommand).Assembly.Location);
        foreach (var a in new[] { "bench", "--measure-one", file }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        try
        {
            string stdout = await p.StandardOutput.ReadToEndAsync(ct);
            await p.WaitForExitAsync(ct);
            if (p.ExitCode != 0) return null;
            string line = stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries).Last();
            return JsonSerializer.Deserialize<BenchRow>(line);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    private static void WriteCsv(string path, List<BenchRow> rows)
    {
        var b = new StringBuilder("scenario,memory-bytes,pages,wall-s,peak-rss-bytes,converged,total-time-ms,transferred,dirty-sync-count\n");
        foreach (var r in rows)
            b.AppendLine(string.Join(',', r.Scenario, r.MemoryBytes, r.Pages, r.WallSeconds.ToString("0.0000", CultureInfo.InvariantCulture),
                r.PeakRssBytes, r.Converged ? "true" : "false", r.TotalTimeMs.ToString("0.###", CultureInfo.InvariantCulture), r.Transferred, r.DirtySyncCount));
        File.WriteAllText(path, b.ToString());
    }

    private static string Markdown(List<BenchRow> rows, string[] files, int repeat)
    {
        var b = new StringBuilder();
        b.AppendLine("# Simulation speed and memory");
        b.AppendLine();
        b.AppendLine($"Regenerate: `dotnet run -c Release --project src/MigrationSim.Cli -- bench {string.Join(' ', files)} --repeat {repeat}`");
        b.AppendLine();
        b.AppendLine($"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, .NET {Environment.Version}, {DateTime.UtcNow:yyyy-MM-dd}. " +
                     "Each run is a fresh process; wall time covers the simulation only, peak memory the whole process.");
        b.AppendLine();
        b.AppendLine("| scenario | guest | pages | wall time (median, min-max) | peak memory (max) | simulated outcome |");
        b.AppendLine("|---|---|---|---|---|---|");
        foreach (var g in rows.GroupBy(r => r.Scenario))
        {
            var walls = g.Select(r => r.WallSeconds).Order().ToList();
            var first = g.First();
            b.AppendLine($"| {g.Key} | {Quantity.Bytes(first.MemoryBytes)} | {first.Pages:N0} | {walls[walls.Count / 2]:0.000} s ({walls[0]:0.000}-{walls[^1]:0.000}) | " +
                         $"{Quantity.Bytes(g.Max(r => r.PeakRssBytes))} | {(first.Converged ? "converged" : "not converged")}, {Quantity.Milliseconds(first.TotalTimeMs)}, {first.DirtySyncCount} syncs, {Quantity.Bytes(first.Transferred)} |");
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

    private sealed record BenchRow(string Scenario, long MemoryBytes, long Pages, double WallSeconds, long PeakRssBytes,
        bool Converged, double TotalTimeMs, long Transferred, long DirtySyncCount);
}
