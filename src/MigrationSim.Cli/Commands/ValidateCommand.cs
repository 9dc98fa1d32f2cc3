using System.CommandLine;
using MigrationSim.Analysis.Calibration;
using MigrationSim.Analysis.Validation;
using MigrationSim.Traces.Loading;
using MigrationSim.Traces.Validation;
using MigrationSim.Model.Migration;
using MigrationSim.Reporting.Validation;
using MigrationSim.Scenarios;

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
        Description = "Capture folders (each with scenario.yaml, summary.json, trace.csv), or folders that contain them",
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
        Description = "Exit 1 if any trace is unusable (by default only when none can be validated)",
    };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("validate", "Compare simulations with captured real-QEMU traces: calibrate host constants, report errors per trace and policy.")
        {
            Traces, Calibrate, Profile, JudgeUnfitted, Out, Strict,
        };
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console)
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

        var args = parse.GetValue(Traces)!;
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
            console.Error.WriteLine("error: no trace could be validated");
            return ExitCodes.Failure;
        }

        ValidationRun run;
        try { run = ValidationRun.Execute(measured, unusable, calibrate, given, profilePath, parse.GetValue(JudgeUnfitted)); }
        catch (ValidationInputException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        var (calibration, fitted, report, profileFile) = (run.Calibration, run.Fitted, run.Report, run.ProfileFileName);
        console.Out.WriteLine($"calibrated on {calibration.Count} traces, judging {measured.Count - calibration.Count}:");
        foreach (var n in fitted.Notes) console.Out.WriteLine($"  {n}");

        string outDir = parse.GetValue(Out)!;
        // As a user would type it again: a shell glob for many folders of one parent, no --calibrate when calibration.txt supplied it.
        var parents = args.Select(a => Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(a))).Distinct().ToList();
        string traceArgs = args.Length > 3 && parents.Count == 1 ? Path.Combine(parents[0] ?? ".", "*") : string.Join(' ', args);
        string command = "migsim validate " + traceArgs +
                         (calibrate is not null && parse.GetValue(Calibrate) is not null ? $" --calibrate '{calibrate}'" : "") +
                         (profilePath is not null ? $" --profile {profilePath}" : "") + $" --out {outDir}";
        ValidationOutput.Write(outDir, report, command, fitted.Notes, profileFile);
        if (profileFile is not null)
            File.WriteAllText(Path.Combine(outDir, profileFile), HostProfileFile.Format(fitted.Profile,
                $"fitted by migsim validate on {calibration.Count} captures", string.Join(", ", calibration.Select(t => t.Name).Order()), fitted.Notes, fitted.UnfittedKeys));
        if (run.GoalsWithheld)
            console.Out.WriteLine($"  goals not judged: {string.Join(", ", fitted.UnfittedKeys)} could not be fitted from the calibration captures " +
                                  "(add captures that isolate them, start from a --profile that has them, or pass --judge-unfitted)");

        foreach (var g in report.Goals)
            console.Out.WriteLine($"  {(g.Met ? "met " : "MISS")}  {g.Policy,-9} {g.Goal}: {g.Measured}{(g.Floor is null ? "" : $" ({g.Floor})")}");
        console.Out.WriteLine($"wrote {Path.Combine(outDir, "summary.md")}, report.csv, plots{(profileFile is null ? "" : ", " + profileFile)}");
        return parse.GetValue(Strict) && unusable.Count > 0 ? ExitCodes.Failure : ExitCodes.Success;
    }
}
