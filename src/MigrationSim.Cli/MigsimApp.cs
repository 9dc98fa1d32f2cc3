using System.CommandLine;
using MigrationSim.Cli.Commands;

namespace MigrationSim.Cli;

/// <summary>The `migsim` command tree.</summary>
public static class MigsimApp
{
    public static RootCommand Build(CliConsole console)
    {
        var root = new RootCommand(
            "MigrationSim: simulate KVM/QEMU live migration (precopy, postcopy, hybrid) and check it against real QEMU.\n" +
            "Exit codes: 0 success, 1 failure, 2 bad input, 130 interrupted.");
        root.Add(InitCommand.Create(console));
        root.Add(RunCommand.Create(console));
        root.Add(FleetCommand.Create(console));
        root.Add(BenchCommand.Create(console));
        root.Add(SweepCommand.Create(console));
        root.Add(MergeCommand.Create(console));
        root.Add(ClusterCommand.Create(console));
        root.Add(PlotCommand.Create(console));
        root.Add(PlanCommand.Create(console));
        root.Add(ValidateCommand.Create(console)); // reads captures: any OS
        if (OperatingSystem.IsLinux()) // making captures needs QEMU + userfaultfd: Linux hosts only
        {
            root.Add(CaptureCommand.Create(console));
            root.Add(DirtyRateCommand.Create(console));
        }
        CommandHelp.Install(root);
        UnknownOptions.Refuse(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliConsole console, CancellationToken ct = default)
    {
        var root = Build(console);
        var parse = root.Parse(args);
        // Signals are the caller's (Program: InterruptSignal); the commands stop on the token.
        var config = new InvocationConfiguration { Output = console.Out, Error = console.Error, ProcessTerminationTimeout = null };
        if (parse.Errors.Count > 0)
        {
            foreach (var e in parse.Errors) console.Error.WriteLine($"error: {e.Message}");
            console.Error.WriteLine("Run 'migsim --help' (or 'migsim COMMAND --help') for usage.");
            return ExitCodes.BadInput;
        }
        return await parse.InvokeAsync(config, ct);
    }
}
