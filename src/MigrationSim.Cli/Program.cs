using MigrationSim.Cli;

return await MigsimApp.RunAsync(args, CliConsole.System);
