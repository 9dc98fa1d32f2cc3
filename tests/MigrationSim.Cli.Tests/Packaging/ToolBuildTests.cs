using System.Runtime.InteropServices;
using MigrationSim.Cli.Benchmarks;

namespace MigrationSim.Cli.Tests.Packaging;

/// <summary>
/// What users install is precompiled: `dotnet publish -r RID` (and so each platform's tool
/// package, which is a publish) gives ReadyToRun assemblies, which start in half the time of the
/// IL-only build that `dotnet build` makes. The bench's figures depend on it.
/// </summary>
[Collection(DotnetBuilds.Name)]
public class ToolBuildTests
{
    [Fact]
    public void The_published_tool_is_ReadyToRun_and_runs_while_a_plain_build_is_IL_only()
    {
        using var tmp = new TempFolder();
        string dir = tmp.File("publish");
        var publish = DotnetBuilds.Dotnet("publish", Path.Combine("src", "MigrationSim.Cli"), "-c", "Release", "-r", RuntimeInformation.RuntimeIdentifier, "-o", dir);
        Assert.True(publish.Exit == 0, publish.Out + publish.Err);
        foreach (string assembly in new[] { "migsim.dll", "MigrationSim.Model.dll", "MigrationSim.Kernel.dll", "YamlDotNet.dll" })
            Assert.True(ProgramBuild.IsReadyToRun(Path.Combine(dir, assembly)), $"{assembly} is not precompiled");
        Assert.False(ProgramBuild.IsReadyToRun(typeof(ProgramBuild).Assembly.Location), "the test's own reference to migsim is a plain build");

        var version = ChildProcess.Run(Path.Combine(dir, "migsim"), ["--version"], timeout: TimeSpan.FromMinutes(1));
        Assert.True(version.Exit == 0, version.Out + version.Err);
        Assert.Matches(@"^\d+\.\d+\.\d+", version.Out.Trim());
    }
}
