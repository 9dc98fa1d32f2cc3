namespace MigrationSim.Cli;

/// <summary>Where commands write: injected so tests read what a user would see.</summary>
public sealed record CliConsole(TextWriter Out, TextWriter Error)
{
    public static CliConsole System => new(Console.Out, Console.Error);
}
