namespace MigrationSim.Cli.Tests;

/// <summary>Finds the repository (the folder with MigrationSim.sln) from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string Scenarios => Path.Combine(Root, "scenarios");

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "MigrationSim.sln"))) return d.FullName;
        throw new InvalidOperationException($"MigrationSim.sln not found above {AppContext.BaseDirectory}");
    }
}
