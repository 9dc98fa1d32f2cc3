using System.CommandLine;
using MigrationSim.Analysis.DirtyRate;
using MigrationSim.Model.Migration;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.DirtyRate;
using MigrationSim.Qemu.Processes;
using MigrationSim.Scenarios;
using MigrationSim.Traces.Capture;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim dirty-rate SCENARIO --out FILE`: boots the scenario's guest on real QEMU (as a capture's
/// source), measures its dirty rate with QMP calc-dirty-rate and writes the QMP transcript, the
/// input of `migsim plan --dirty-rate`. For a guest of your own, record query-dirty-rate's reply
/// (or `virsh domstats --dirtyrate`) instead.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class DirtyRateCommand
{
    private static readonly Argument<string> Scenario = new("scenario") { Description = "Scenario file (YAML) whose guest and workload to boot" };
    private static readonly Option<string> Out = new("--out", "-o") { Description = "File for the QMP transcript (JSON lines)", Required = true };
    private static readonly Option<int> CalcTime = new("--calc-time") { Description = "Measuring window, whole seconds (QMP calc-dirty-rate calc-time)", DefaultValueFactory = _ => 1 };
    private static readonly Option<string?> Kernel = new("--kernel") { Description = "Guest kernel (bzImage) [default: Debian's linux-image-cloud-amd64, cached in ~/.cache/migsim]" };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("dirty-rate", "Measure a scenario's guest's dirty rate on real QEMU (QMP calc-dirty-rate / query-dirty-rate) and write the transcript that 'migsim plan --dirty-rate' reads.")
        {
            Scenario, Out, CalcTime, Kernel,
        };
        CommandHelp.Examples(cmd,
            "migsim dirty-rate scenarios/quickstart.yaml --out dirty-rate.json",
            "migsim plan scenarios/quickstart.yaml --max-downtime 50ms --dirty-rate dirty-rate.json");
        cmd.SetAction((parse, ct) => Execute(parse, console, ct));
        return cmd;
    }

    private static async Task<int> Execute(ParseResult parse, CliConsole console, CancellationToken ct)
    {
        int calc = parse.GetValue(CalcTime);
        if (calc < 1) { console.Error.WriteLine($"error: --calc-time {calc}: must be at least 1 (seconds)"); return ExitCodes.BadInput; }
        if (QemuLauncher.TryFindQemu() is null)
        {
            console.Error.WriteLine($"error: qemu-system-x86_64 is not installed; install it with: {QemuLauncher.QemuInstallCommand}");
            return ExitCodes.BadInput;
        }
        string outFile = parse.GetValue(Out)!;
        CaptureSpec spec;
        try
        {
            var scenario = ScenarioLoader.LoadFile(parse.GetValue(Scenario)!);
            // The dirty rate is measured on the system QEMU 7.2 (calc-dirty-rate exists there).
            spec = CaptureSpec.FromPlan(CapturePlanner.Build(scenario, QemuVersion.V7_2), Path.GetTempPath(), "dirty-rate", parse.GetValue(Kernel), QemuSelection.System72);
        }
        catch (ScenarioException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        try
        {
            string transcript = await DirtyRateProbe.MeasureGuestAsync(spec, calc, ct);
            var m = DirtyRateParser.Parse(transcript, outFile);
            string tmp = outFile + ".tmp";
            await File.WriteAllTextAsync(tmp, transcript, ct);
            File.Move(tmp, outFile, overwrite: true);
            console.Out.WriteLine($"dirty rate {m.DirtyRateMiBPerSecond} MiB/s over {m.CalcTimeSeconds} s ({m.Mode}); wrote {outFile}");
            return ExitCodes.Success;
        }
        catch (MissingPrerequisiteException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine("interrupted: the guest was stopped");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {outFile}: {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
