using MigrationSim.Cli;
using MigrationSim.Cli.Interrupts;

using var interrupt = new InterruptSignal(Console.Error);
return await MigsimApp.RunAsync(args, CliConsole.System, interrupt.Token);
