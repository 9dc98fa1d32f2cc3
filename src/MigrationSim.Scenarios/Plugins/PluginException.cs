namespace MigrationSim.Scenarios.Plugins;

/// <summary>A plug-in assembly that cannot be used, with its path and why (the CLI exits 2 with this message).</summary>
public sealed class PluginException(string path, string problem) : Exception($"--plugin {path}: {problem}")
{
    /// <summary>The assembly path as the user gave it.</summary>
    public string Path { get; } = path;

    /// <summary>What is wrong with it, phrased so that the message tells what to do instead.</summary>
    public string Problem { get; } = problem;
}
