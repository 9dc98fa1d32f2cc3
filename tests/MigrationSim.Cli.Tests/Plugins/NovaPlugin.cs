namespace MigrationSim.Cli.Tests.Plugins;

/// <summary>
/// examples/nova-downtime-steps.cs built as a plug-in, the way docs/extending.md tells a
/// researcher to: `dotnet build examples/nova-downtime-steps.cs -o DIR`. Built once per test run.
/// </summary>
public sealed class NovaPlugin : IDisposable
{
    private readonly TempFolder _folder = new();

    public NovaPlugin()
    {
        var (exit, stdout, stderr) = DotnetBuilds.Dotnet("build", Path.Combine("examples", "nova-downtime-steps.cs"), "-o", _folder.Path);
        if (exit != 0) throw new InvalidOperationException($"dotnet build examples/nova-downtime-steps.cs failed ({exit}):\n{stdout}\n{stderr}");
        if (!File.Exists(Dll)) throw new InvalidOperationException($"{Dll} was not built:\n{stdout}");
    }

    /// <summary>The plug-in assembly.</summary>
    public string Dll => _folder.File("nova-downtime-steps.dll");

    public static string Scenario => Path.Combine(RepoPaths.Root, "examples", "nova-downtime-steps.yaml");

    public static string Sweep => Path.Combine(RepoPaths.Root, "examples", "nova-downtime-steps-sweep.yaml");

    public void Dispose() => _folder.Dispose();
}
