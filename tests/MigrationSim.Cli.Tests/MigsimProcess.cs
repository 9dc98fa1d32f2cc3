namespace MigrationSim.Cli.Tests;

/// <summary>The built migsim as a real process (`dotnet migsim.dll ARGS`), run from the repository root.</summary>
internal static class MigsimProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "migsim.dll");

    /// <summary>The dotnet host running these tests, so that a test may empty PATH for migsim.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static (int Exit, string Out, string Err) Run(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        ChildProcess.Run(Dotnet, [Dll, .. args], environment, workingDirectory: RepoPaths.Root);
}
