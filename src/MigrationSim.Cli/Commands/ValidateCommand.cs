using System.CommandLine;
using MigrationSim.Analysis.Calibration;
using MigrationSim.Analysis.Fleets;
using MigrationSim.Analysis.Validation;
using MigrationSim.Cli.Interrupts;
using MigrationSim.Cli.Validation;
using MigrationSim.Traces.Format;
using MigrationSim.Traces.Loading;
using MigrationSim.Traces.Validation;
using MigrationSim.Model.Migration;
using MigrationSim.Reporting.Staging;
using MigrationSim.Reporting.Validation;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Limits;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim validate TRACES... [--calibrate PATTERNS | --profile FILE] [--out DIR] [--strict]`:
/// simulates every captured trace's scenario and reports how far the simulator (and the fluid
/// model beside it) is from the real migration.
/// </summary>
public sealed class ValidateCommand
{
    private static readonly Argument<string[]> Traces = new("traces")
    {
        Description = "Capture folders (each with scenario.yaml, summary.json, trace.csv), or folders that contain them; or concurrent (fleet) captures, with --profile",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string?> Calibrate = new("--calibrate")
    {
        Description = "Comma-separated name patterns (* and ?) of the traces to fit the host constants on; the others are held out and judged " +
                      "[default: the patterns in calibration.txt beside the traces, when there is one]",
    };

    private static readonly Option<string?> Profile = new("--profile")
    {
        Description = "Use this host profile instead of fitting one (every trace is then held out); with --calibrate, start from it and refit only what the calibration subset isolates",
    };

    private static readonly Option<bool> JudgeUnfitted = new("--judge-unfitted")
    {
        Description = "Judge the accuracy goals even when some host constants could not be fitted (they then hold defaults, not this host's values)",
    };

    private static readonly Option<string> Out = new("--out", "-o")
    {
        Description = "Folder for report.csv, summary.md, the profile and the plots",
        DefaultValueFactory = _ => Path.Combine("results", "validation"),
    };

    private static readonly Option<bool> Strict = new("--strict")
    {
        Description = "Exit 2 (writing nothing) if any trace is unusable (by default only when none can be validated)",
    };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("validate", "Compare simulations with captured real-QEMU traces: calibrate host constants, report errors per trace and policy.")
        {
            Traces, Calibrate, Profile, JudgeUnfitted, Out, Strict,
        };
        CommandHelp.Examples(cmd,
            "migsim validate results/traces",
            "migsim validate results/traces/qemu-10.0 --out results/validation-qemu-10.0",
            "migsim validate captures/* --profile results/validation/profile-tcg-qemu7.2.yaml --out validation");
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console, ct)));
        return cmd;
    }

    /// <summary>Files validate writes into its folder (anything else there is the user's, and the folder is refused).</summary>
    public static bool IsOutput(string fileName) =>
        fileName is "report.csv" or "summary.md"
        || (fileName.EndsWith(".png", StringComparison.Ordinal) && (fileName.StartsWith("scatter-", StringComparison.Ordinal) || fileName.StartsWith("progress-", StringComparison.Ordinal)))
        || (fileName.StartsWith("profile-", StringComparison.Ordinal) && fileName.EndsWith(".yaml", StringComparison.Ordinal))
        || fileName is FleetValidationOutput.ReportFile or FleetValidationOutput.SummaryFile or FleetValidationOutput.GanttFile;

    private static int Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        string? calibrate = parse.GetValue(Calibrate);
        string? profilePath = parse.GetValue(Profile);
        HostProfileDocument? given = null;
        if (profilePath is not null)
        {
            try { given = HostProfileFile.Read(profilePath); }
            catch (ScenarioException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        string outDir = parse.GetValue(Out)!;
        if (StagedFolder.Problem(outDir, IsOutput) is { } outProblem)
        {
            console.Error.WriteLine($"error: --out: {outProblem}");
            return ExitCodes.BadInput;
        }

        var args = parse.GetValue(Traces)!;
        // Concurrent captures are made (and read) on Linux only: network namespaces.
        var fleets = OperatingSystem.IsLinux() ? FleetCaptures(args) : [];
        if (OperatingSystem.IsLinux() && fleets.Count > 0)
        {
            if (fleets.Count < args.Length)
            {
                console.Error.WriteLine("error: give concurrent (fleet) captures and single captures to separate validate runs");
                return ExitCodes.BadInput;
            }
            return ExecuteFleets(parse, console, fleets.SelectMany(f => f).ToList(), given?.Profile, profilePath, args, ct);
        }
        foreach (var f in args.Where(File.Exists)) console.Out.WriteLine($"skipped {f}: a file, not a capture folder");
        var (measured, unusable) = TraceFolders.LoadAll(TraceFolders.Expand(args.Where(a => !File.Exists(a))));
        if (calibrate is null && profilePath is null && TraceFolders.DefaultCalibration(args) is { } file)
        {
            calibrate = File.ReadAllText(file).Trim();
            console.Out.WriteLine($"calibration subset from {file}");
        }
        foreach (var (f, reason) in unusable) console.Error.WriteLine($"unusable: {f}: {reason}");
        if (measured.Count == 0)
        {
            console.Error.WriteLine("error: no trace could be validated (nothing was written)");
            return ExitCodes.BadInput;
        }
        if (parse.GetValue(Strict) && unusable.Count > 0)
        {
            console.Error.WriteLine($"error: --strict: {unusable.Count} trace(s) unusable (nothing was written)");
            return ExitCodes.BadInput;
        }
        if (given is not null)
        {
            // The profile's image footprint must fit every captured guest, as it must fit a scenario.
            try
            {
                foreach (var t in measured)
                    InputLimits.Check(t.Input with { Host = given.Profile }, Path.Combine(t.Name, TraceFiles.Scenario), origin: $"(host constants from --profile {profilePath})");
            }
            catch (ScenarioException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
        }

        ValidationRun? run = null;
        try
        {
            if (OutputOutcome.Of(console, outDir, "validate", () => run = Abandonable.Run(() =>
                    ValidationRun.Execute(measured, unusable, calibrate, given, profilePath, parse.GetValue(JudgeUnfitted)), ct)) is { } stopped)
                return stopped;
        }
        catch (ValidationInputException e)
        {
            console.Error.WriteLine($"error: {e.Message} (nothing was written)");
            return ExitCodes.BadInput;
        }
        console.Out.WriteLine($"calibrated on {run!.Calibration.Count} traces, judging {measured.Count - run.Calibration.Count}:");
        foreach (var n in run.Fitted.Notes) console.Out.WriteLine($"  {n}");
        var (calibration, fitted, report, profileFile) = (run.Calibration, run.Fitted, run.Report, run.ProfileFileName);
        // As a user would type it again: a shell glob for many folders of one parent, no --calibrate when calibration.txt supplied it.
        var parents = args.Select(a => Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(a))).Distinct().ToList();
        string traceArgs = args.Length > 3 && parents.Count == 1 ? Path.Combine(parents[0] ?? ".", "*") : string.Join(' ', args);
        string command = "migsim validate " + traceArgs +
                         (calibrate is not null && parse.GetValue(Calibrate) is not null ? $" --calibrate '{calibrate}'" : "") +
                         (profilePath is not null ? $" --profile {profilePath}" : "") + $" --out {outDir}";
        if (OutputOutcome.Of(console, outDir, "validate", () =>
            {
                // The folder is replaced as a whole: no report of this run beside plots of an earlier one.
                using var folder = StagedFolder.Begin(outDir, IsOutput);
                ValidationOutput.Write(folder.Path, report, command, fitted.Notes, profileFile);
                if (profileFile is not null)
                    File.WriteAllText(Path.Combine(folder.Path, profileFile), HostProfileFile.Format(fitted.Profile,
                        $"fitted by migsim validate on {calibration.Count} captures", string.Join(", ", calibration.Select(t => t.Name).Order()), fitted.Notes, fitted.UnfittedKeys));
                ct.ThrowIfCancellationRequested();
                folder.Commit();
            }) is { } unwritten)
            return unwritten;
        if (run.GoalsWithheld)
            console.Out.WriteLine($"  goals not judged: {string.Join(", ", fitted.UnfittedKeys)} could not be fitted from the calibration captures " +
                                  "(add captures that isolate them, start from a --profile that has them, or pass --judge-unfitted)");

        foreach (var g in report!.Goals)
            console.Out.WriteLine($"  {(g.Met ? "met " : "MISS")}  {g.Policy,-9} {g.Goal}: {g.Measured}{(g.Floor is null ? "" : $" ({g.Floor})")}");
        console.Out.WriteLine($"wrote {Path.Combine(outDir, "summary.md")}, report.csv, plots{(profileFile is null ? "" : ", " + profileFile)}");
        return ExitCodes.Success;
    }

    /// <summary>For each argument that is a concurrent capture, or a folder of them, the capture folders; arguments that are neither give none.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static List<List<string>> FleetCaptures(string[] args)
    {
        var result = new List<List<string>>();
        foreach (var a in args)
        {
            if (!Directory.Exists(a)) continue;
            if (FleetTraceLoader.IsFleetCapture(a)) { result.Add([a]); continue; }
            var inner = Directory.GetDirectories(a).Where(d => !Path.GetFileName(d).StartsWith('.')).Order(StringComparer.Ordinal).ToList();
            if (inner.Count > 0 && inner.All(FleetTraceLoader.IsFleetCapture)) result.Add(inner);
        }
        return result;
    }

    /// <summary>Concurrent captures: each fleet simulated with the given host profile (nothing fitted on them), per migration and makespan.</summary>
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    private static int ExecuteFleets(ParseResult parse, CliConsole console, List<string> folders, HostProfile? profile, string? profilePath, string[] args, CancellationToken ct)
    {
        if (profile is null || profilePath is null)
        {
            console.Error.WriteLine("error: concurrent captures are judged with host constants fitted on single captures: pass --profile (e.g. results/validation/profile-tcg-qemu7.2.yaml)");
            return ExitCodes.BadInput;
        }
        if (parse.GetValue(Calibrate) is not null)
        {
            console.Error.WriteLine("error: --calibrate fits host constants on single captures; concurrent captures take --profile");
            return ExitCodes.BadInput;
        }
        var measured = new List<MeasuredFleet>();
        var unusable = new List<(string, string)>();
        foreach (var f in folders)
        {
            var (fleet, reason) = FleetTraceLoader.Load(f, profile);
            if (fleet is not null) measured.Add(fleet);
            else unusable.Add((f, reason!));
        }
        foreach (var (f, reason) in unusable) console.Error.WriteLine($"unusable: {f}: {reason}");
        if (measured.Count == 0)
        {
            console.Error.WriteLine("error: no fleet capture could be validated");
            return ExitCodes.Failure;
        }
        var report = FleetValidator.Validate(measured);
        bool outGiven = parse.GetResult(Out) is { Implicit: false };
        string outDir = outGiven ? parse.GetValue(Out)! : Path.Combine("results", "fleet-validation");
        var parents = args.Select(a => Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(a))).Distinct().ToList();
        string traceArgs = args.Length > 3 && parents.Count == 1 ? Path.Combine(parents[0] ?? ".", "*") : string.Join(' ', args);
        if (StagedFolder.Problem(outDir, IsOutput) is { } outProblem)
        {
            console.Error.WriteLine($"error: --out: {outProblem}");
            return ExitCodes.BadInput;
        }
        if (OutputOutcome.Of(console, outDir, "validate", () =>
            {
                // As for single captures: the folder is replaced as a whole, or not at all.
                using var folder = StagedFolder.Begin(outDir, IsOutput);
                FleetValidationOutput.Write(folder.Path, report, $"migsim validate {traceArgs} --profile {profilePath} --out {outDir}", profilePath, unusable);
                ct.ThrowIfCancellationRequested();
                folder.Commit();
            }) is { } unwritten)
            return unwritten;
        var all = report.SelectMany(r => r.Migrations).ToList();
        console.Out.WriteLine($"{measured.Count} fleet captures, {all.Count} migrations, host constants from {profilePath}:");
        console.Out.WriteLine($"  migration time     {FleetValidationOutput.Spread(all.Select(e => e.TotalTimeError))}  (median / p90 absolute error)");
        console.Out.WriteLine($"  bytes transferred  {FleetValidationOutput.Spread(all.Select(e => e.BytesError))}");
        console.Out.WriteLine($"  makespan           {FleetValidationOutput.Spread(report.Select(r => r.MakespanError))}");
        foreach (var r in report)
            console.Out.WriteLine($"  {r.Measured.Name}: makespan {r.Measured.MakespanMs / 1000:0.00} s measured, {r.SimulatedMakespanMs / 1000:0.00} s simulated ({100 * r.MakespanError:+0.0;-0.0}%)");
        console.Out.WriteLine($"wrote {Path.Combine(outDir, FleetValidationOutput.SummaryFile)}, {FleetValidationOutput.ReportFile}, {FleetValidationOutput.GanttFile}");
        return parse.GetValue(Strict) && unusable.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}
