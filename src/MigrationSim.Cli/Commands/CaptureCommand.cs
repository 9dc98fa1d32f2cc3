using System.CommandLine;
using System.Globalization;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Processes;
using MigrationSim.Cli.Capture;
using MigrationSim.Model.Text;
using MigrationSim.Qemu.Concurrent;
using MigrationSim.Reporting.Staging;
using MigrationSim.Scenarios;
using MigrationSim.Model.Migration;
using MigrationSim.Scenarios.Fleets;
using MigrationSim.Traces.Capture;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim capture SCENARIO... --out DIR`: run each scenario on two real qemu-system-x86_64
/// processes over loopback and record query-migrate into DIR/&lt;name&gt;[-rK]/.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class CaptureCommand
{
    private static readonly Argument<string[]> Scenarios = new("scenarios")
    {
        Description = "Scenario files (YAML) to realise on real QEMU, or fleet files (their migrations at once through shaped links)",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<string> Out = new("--out", "-o")
    {
        Description = "Folder that receives one capture folder per scenario and repeat",
        Required = true,
    };

    private static readonly Option<int> Repeat = new("--repeat", "-r")
    {
        Description = "Captures per scenario (folders NAME-r1..NAME-rN), to measure run-to-run variation",
        DefaultValueFactory = _ => 1,
    };

    private static readonly Option<string?> Kernel = new("--kernel")
    {
        Description = "Guest kernel (bzImage) to boot [default: Debian's linux-image-cloud-amd64, downloaded with apt-get and cached in ~/.cache/migsim]",
    };

    private static readonly Option<string> Qemu = new("--qemu")
    {
        Description = "QEMU to capture with: 7.2 (the system's qemu-system-x86_64), 10.0 (Debian 13's, from a root built once with debootstrap " +
                      "and cached in ~/.cache/migsim/qemu), or the path of a qemu-system-x86_64 binary",
        DefaultValueFactory = _ => "7.2",
    };

    private static readonly Option<bool> SkipExisting = new("--skip-existing")
    {
        Description = "Leave captures whose folder already exists and capture only the missing ones",
    };

    private static readonly Option<string[]> QemuTrace = new("--qemu-trace")
    {
        Description = "Record these QEMU trace events (a name or a pattern with * and ?, e.g. 'vmstate_downtime*'; repeatable) on both " +
                      "sides, timestamped on one clock, into each capture's qemu-trace-src.log and qemu-trace-dst.log " +
                      "(list the events with: qemu-system-x86_64 -trace help). Scenario captures only",
        Arity = ArgumentArity.OneOrMore,
    };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("capture", "Run scenarios on real QEMU (two qemu-system-x86_64 on loopback) and record query-migrate traces.")
        {
            Scenarios, Out, Repeat, Kernel, Qemu, SkipExisting, QemuTrace,
        };
        CommandHelp.Examples(cmd,
            "migsim capture scenarios/quickstart.yaml --out captures",
            "migsim capture scenarios/reference/*.yaml --out results/traces --repeat 2 --skip-existing",
            "migsim capture scenarios/idle-guest.yaml --qemu 10.0 --out captures --qemu-trace 'vmstate_downtime*' --qemu-trace 'ram_load*'");
        cmd.SetAction((parse, ct) => Execute(parse, console, ct));
        return cmd;
    }

    private static async Task<int> Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        int repeat = parse.GetValue(Repeat);
        if (repeat < 1)
        {
            console.Error.WriteLine("error: --repeat must be at least 1");
            return ExitCodes.BadInput;
        }
        string[] traceEvents = parse.GetValue(QemuTrace) ?? [];
        if (traceEvents.FirstOrDefault(e => !IsTraceEventPattern(e)) is { } badEvent)
        {
            // The pattern becomes "-trace enable=PATTERN": a comma or '=' would smuggle in other -trace options (file=...).
            console.Error.WriteLine($"error: --qemu-trace: '{badEvent}' is not a trace event name or pattern (letters, digits, _, * and ? only), e.g. 'vmstate_downtime*'");
            return ExitCodes.BadInput;
        }

        string outDir = parse.GetValue(Out)!;
        if (string.IsNullOrWhiteSpace(outDir) || File.Exists(outDir))
        {
            console.Error.WriteLine($"error: --out: '{outDir}' {(File.Exists(outDir) ? "is a file" : "is empty")}; give a folder for the captures");
            return ExitCodes.BadInput;
        }
        string? kernel = parse.GetValue(Kernel);
        if (kernel is not null && !File.Exists(kernel))
        {
            console.Error.WriteLine($"error: --kernel: no file at '{kernel}'");
            return ExitCodes.BadInput;
        }
        if (QemuSelection.Parse(parse.GetValue(Qemu)!, out string qemuError) is not { } qemu)
        {
            console.Error.WriteLine($"error: --qemu: {qemuError}");
            return ExitCodes.BadInput;
        }
        // The guest program is compiled and the KVM probe run with the system's QEMU tools even for 10.0.
        if (QemuLauncher.TryFindQemu() is null && qemu.BinaryPath is null)
        {
            console.Error.WriteLine($"error: qemu-system-x86_64 is not installed; install it with: {QemuLauncher.QemuInstallCommand}");
            return ExitCodes.BadInput;
        }
        QemuVersion version;
        try
        {
            // A release is checked by its number, so a bad scenario is refused before a QEMU 10 root is built.
            version = qemu.Release ?? await QemuBinary.Direct(qemu.BinaryPath!, $"QEMU at {qemu.BinaryPath}").QueryVersionAsync(ct);
        }
        catch (InvalidOperationException e)
        {
            console.Error.WriteLine($"error: --qemu: {e.Message}");
            return ExitCodes.BadInput;
        }

        var files = parse.GetValue(Scenarios)!;
        int fleets = files.Count(FleetLoader.IsFleet);
        if (fleets > 0 && fleets < files.Length)
        {
            console.Error.WriteLine("error: give fleet files and scenario files to separate captures");
            return ExitCodes.BadInput;
        }
        if (fleets > 0 && traceEvents.Length > 0)
        {
            console.Error.WriteLine("error: --qemu-trace traces scenario captures (two QEMU processes); fleet captures run many, and do not take it");
            return ExitCodes.BadInput;
        }
        if (fleets > 0)
            return await CaptureFleetsAsync(files, outDir, repeat, kernel, qemu, version, parse.GetValue(SkipExisting), console, ct);

        // Check every scenario before capturing any.
        var plans = Plans<CapturePlan>(files, repeat, console, file =>
        {
            var scenario = ScenarioLoader.LoadFile(file);
            return (scenario.Name, _ => CapturePlanner.Build(scenario, version));
        });
        if (plans is null) return ExitCodes.BadInput;

        // Every folder is judged before the first capture: exit 2 means nothing was captured.
        var twice = plans.GroupBy(p => p.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            console.Error.WriteLine($"error: two scenarios are named '{twice.Key}' and would capture into the same folder; give them different name: keys");
            return ExitCodes.BadInput;
        }
        bool skipExisting = parse.GetValue(SkipExisting);
        var existing = plans.Select(p => Path.Combine(outDir, p.Name)).Where(Path.Exists).ToList();
        if (existing.Count > 0 && !skipExisting)
        {
            console.Error.WriteLine($"error: {string.Join(", ", existing)} already exist{(existing.Count == 1 ? "s" : "")}; remove {(existing.Count == 1 ? "it" : "them")} or pass --skip-existing (nothing was captured)");
            return ExitCodes.BadInput;
        }

        Directory.CreateDirectory(outDir);
        // Staging folders of captures killed earlier go; the captures themselves only ever appear whole.
        StagingName.CleanStale(outDir);
        int done = 0, failed = 0;
        var kept = new List<string>();
        var missing = new List<string>();
        foreach (var (name, plan) in plans)
        {
            string folder = Path.Combine(outDir, name);
            if (Path.Exists(folder))
            {
                console.Out.WriteLine($"[{++done}/{plans.Count}] {name}: exists, skipped");
                continue;
            }
            console.Out.WriteLine($"[{done + 1}/{plans.Count}] {name}");
            foreach (var note in plan.Notes) console.Out.WriteLine($"  note: {note}");
            if (HostLoad.OneMinute() is { } load && load > HostLoad.BusyAbove)
                console.Out.WriteLine($"  warning: host load average {load:0.0} (1 min) on {Environment.ProcessorCount} cores: a capture beside other work runs slower " +
                                      "and varies more than the migration it stands for; capture on an idle machine (the load is recorded in summary.json)");
            try
            {
                var spec = CaptureSpec.FromPlan(plan, outDir, name, kernel, qemu) with { QemuTraceEvents = traceEvents };
                var result = await QemuMigrationRunner.RunAsync(spec, new ProgressPrinter(console.Out), ct);
                var s = result.Summary;
                console.Out.WriteLine($"  {s.Status}: total-time {Quantity.Milliseconds(s.TotalTime ?? double.NaN)}, downtime {Quantity.Milliseconds(s.Downtime ?? double.NaN)}, " +
                                      $"guest pause {Quantity.Milliseconds(s.GuestPauseMs ?? double.NaN)}, transferred {Quantity.Bytes(s.Transferred ?? 0)}, " +
                                      $"dirty-sync-count {s.DirtySyncCount}, postcopy-requests {s.PostcopyRequests ?? 0}, QEMU {s.QemuRelease} -> {result.TraceFolder}");
                if (s.Status != "completed") failed++;
                kept.Add(name);
            }
            catch (MissingPrerequisiteException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (TimeoutException e)
            {
                // The guest or QEMU did not answer in time (a boot that failed, a QMP that hung): nothing is kept
                // for this capture, the others go on, and the exit code says that some are missing.
                console.Error.WriteLine($"error: {name}: {e.Message}");
                missing.Add(name);
                continue;
            }
            catch (NotSupportedException e)
            {
                // A setting this QEMU or accelerator cannot run (dirty-limit under TCG): nothing was captured for it.
                console.Error.WriteLine($"error: {name}: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException)
            {
                console.Error.WriteLine($"interrupted: the capture in progress ({name}) was discarded and its QEMU processes stopped; " +
                                        (kept.Count == 0 ? "no capture was finished. " : $"finished and kept in {outDir}: {string.Join(", ", kept)}. ") +
                                        "Continue with the same command and --skip-existing");
                return ExitCodes.Cancelled;
            }
            done++;
        }
        console.Out.WriteLine($"{done} capture(s) in {outDir}" + (failed > 0 ? $", {failed} did not complete (recorded as such)" : ""));
        if (missing.Count == 0) return ExitCodes.Success;
        console.Error.WriteLine($"error: {missing.Count} capture(s) could not be made: {string.Join(", ", missing)}; " +
                                "continue with the same command and --skip-existing");
        return ExitCodes.Failure;
    }

    /// <summary>
    /// Every file checked before anything is captured: a plan per repeat, named NAME or NAME-rK;
    /// null once the first bad file's error is printed.
    /// </summary>
    private static List<(string Name, TPlan Plan)>? Plans<TPlan>(string[] files, int repeat, CliConsole console, Func<string, (string Name, Func<string, TPlan> Build)> load)
    {
        var plans = new List<(string Name, TPlan Plan)>();
        foreach (string file in files)
        {
            try
            {
                var (baseName, build) = load(file);
                for (int r = 1; r <= repeat; r++)
                {
                    string name = repeat == 1 ? baseName : $"{baseName}-r{r}";
                    plans.Add((name, build(name)));
                }
            }
            catch (ScenarioException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return null;
            }
        }
        return plans;
    }

    /// <summary>Each fleet file as concurrent real migrations through shaped links, into DIR/&lt;fleet name&gt;[-rK]/.</summary>
    private static async Task<int> CaptureFleetsAsync(string[] files, string outDir, int repeat, string? kernel, QemuSelection qemu, QemuVersion version,
        bool skipExisting, CliConsole console, CancellationToken ct)
    {
        var plans = Plans<FleetCapturePlan.Plan>(files, repeat, console, file =>
        {
            var fleet = FleetLoader.LoadFile(file);
            return (fleet.Name, name => FleetCapturePlan.Build(fleet, outDir, name, kernel, qemu, version));
        });
        if (plans is null) return ExitCodes.BadInput;
        Directory.CreateDirectory(outDir);
        int done = 0;
        foreach (var (name, plan) in plans)
        {
            string folder = Path.Combine(outDir, name);
            if (Directory.Exists(folder))
            {
                if (skipExisting) { console.Out.WriteLine($"[{++done}/{plans.Count}] {name}: exists, skipped"); continue; }
                console.Error.WriteLine($"error: {folder} already exists; remove it or pass --skip-existing");
                return ExitCodes.BadInput;
            }
            console.Out.WriteLine($"[{done + 1}/{plans.Count}] {name}: {plan.Spec.Migrations.Count} migrations at once, {plan.Spec.Topology}");
            foreach (var note in plan.Notes) console.Out.WriteLine($"  note: {note}");
            try
            {
                var result = await ConcurrentMigrationRunner.RunAsync(plan.Spec, new FleetProgressPrinter(console.Out), ct);
                for (int i = 0; i < result.Captures.Count; i++)
                {
                    var s = result.Captures[i].Summary;
                    console.Out.WriteLine($"  {plan.Spec.Migrations[i].Name}: {s.Status}, start {Quantity.Milliseconds(result.StartMs[i])}, end {Quantity.Milliseconds(result.EndMs[i])}, " +
                                          $"downtime {Quantity.Milliseconds(s.Downtime ?? double.NaN)}, guest pause {Quantity.Milliseconds(s.GuestPauseMs ?? double.NaN)}, transferred {Quantity.Bytes(s.Transferred ?? 0)}");
                }
                console.Out.WriteLine($"  makespan {Quantity.Milliseconds(result.MakespanMs)} -> {result.Folder}");
            }
            catch (MissingPrerequisiteException e)
            {
                console.Error.WriteLine($"error: {e.Message}");
                return ExitCodes.BadInput;
            }
            catch (OperationCanceledException)
            {
                console.Error.WriteLine("interrupted: the capture in progress was discarded, its QEMU processes stopped and its namespaces removed");
                return ExitCodes.Cancelled;
            }
            done++;
        }
        console.Out.WriteLine($"{done} fleet capture(s) in {outDir}");
        return ExitCodes.Success;
    }

    /// <summary>A line per stage change of each migration.</summary>
    private sealed class FleetProgressPrinter(TextWriter output) : IProgress<ConcurrentCaptureProgress>
    {
        private readonly Dictionary<string, string> _stages = [];
        private readonly Lock _gate = new();

        public void Report(ConcurrentCaptureProgress p)
        {
            lock (_gate)
            {
                if (_stages.TryGetValue(p.Migration, out var stage) && stage == p.Progress.Stage) return;
                _stages[p.Migration] = p.Progress.Stage;
                output.WriteLine($"  {p.Migration}: {p.Progress.Stage}...");
            }
        }
    }

    /// <summary>One line per stage, and one per second while migrating.</summary>
    private sealed class ProgressPrinter(TextWriter output) : IProgress<CaptureProgress>
    {
        private string? _stage;
        private long _lastPrintMs = -1000;

        public void Report(CaptureProgress p)
        {
            if (p.Stage != _stage)
            {
                _stage = p.Stage;
                output.WriteLine($"  {p.Stage}...");
            }
            if (p.Latest?.Ram is { } ram && p.ElapsedMs - _lastPrintMs >= 1000)
            {
                _lastPrintMs = p.ElapsedMs;
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"    {p.ElapsedMs / 1000.0,6:0.0} s  {p.Latest.Status,-16} transferred {Quantity.Bytes(ram.TransferredBytes ?? 0),10}  remaining {Quantity.Bytes(ram.RemainingBytes ?? 0),10}  syncs {ram.DirtySyncCount}"));
            }
        }
    }

    private static bool IsTraceEventPattern(string pattern) =>
        pattern.Length > 0 && pattern.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '*' or '?');
}
