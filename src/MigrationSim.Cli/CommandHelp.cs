namespace MigrationSim.Cli;

/// <summary>
/// A command's --help description: what it does, then examples that work from an empty folder
/// after `migsim init` (which writes scenarios/ and sweeps/ there).
/// </summary>
public static class CommandHelp
{
    public static string Describe(string summary, params string[] examples) =>
        examples.Length == 0 ? summary : summary + "\n\nExamples:\n" + string.Join('\n', examples.Select(e => "  " + e));
}
