using System.CommandLine;
using MigrationSim.Model.Policies;
using MigrationSim.Scenarios.Plugins;

namespace MigrationSim.Cli.Plugins;

/// <summary>
/// <c>--plugin PATH.dll</c> (repeatable) on the commands that read scenarios: the assembly's
/// public policy definitions join QEMU's, so that <c>migration.policy</c> may name them
/// (<see cref="PolicyPlugins"/>). A plug-in that cannot be used is bad input (exit 2).
/// </summary>
public static class PluginOption
{
    /// <summary>A fresh option (System.CommandLine gives each command its own).</summary>
    public static Option<string[]> Create() => new("--plugin")
    {
        Description = "Assembly (.dll) whose public PolicyDefinition types become policies that scenarios may name in migration.policy, " +
                      "e.g. one built with 'dotnet build examples/nova-downtime-steps.cs -o DIR' (repeatable; see docs/extending.md)",
        Arity = ArgumentArity.ZeroOrMore,
    };

    /// <summary>The registry for this invocation: QEMU's policies plus the plug-ins' (null after printing why they cannot be used).</summary>
    public static PolicyRegistry? Load(ParseResult parse, Option<string[]> option, CliConsole console)
    {
        try
        {
            return PolicyPlugins.Load(parse.GetValue(option) ?? []);
        }
        catch (PluginException e)
        {
            console.Error.WriteLine($"error: {e.Message}");
            return null;
        }
    }

    /// <summary>The paths given, made absolute (for jobs that start elsewhere).</summary>
    public static IReadOnlyList<string> FullPaths(ParseResult parse, Option<string[]> option) =>
        [.. (parse.GetValue(option) ?? []).Select(Path.GetFullPath)];
}
