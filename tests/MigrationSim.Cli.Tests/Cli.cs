namespace MigrationSim.Cli.Tests;

/// <summary>Runs migsim in-process and captures what a user would see.</summary>
internal static class Cli
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int exit = MigsimApp.RunAsync(args, new CliConsole(o, e)).GetAwaiter().GetResult();
        return (exit, o.ToString(), e.ToString());
    }
}
