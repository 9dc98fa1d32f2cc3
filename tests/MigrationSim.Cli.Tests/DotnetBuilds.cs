namespace MigrationSim.Cli.Tests;

/// <summary>
/// Tests that start `dotnet build`, `dotnet run FILE.cs` or `dotnet pack`: they build the library's
/// projects again (incrementally), so they run one at a time, and share the plug-in built once.
/// </summary>
[CollectionDefinition(Name)]
public sealed class DotnetBuilds : ICollectionFixture<Plugins.NovaPlugin>
{
    public const string Name = "dotnet builds";

    /// <summary>Runs the SDK as a child process from the repository root; slow on a loaded machine, hence the long limit.</summary>
    public static (int Exit, string Out, string Err) Dotnet(params string[] args) =>
        ChildProcess.Run(MigsimProcess.Dotnet, args, timeout: TimeSpan.FromMinutes(10), workingDirectory: RepoPaths.Root);
}
