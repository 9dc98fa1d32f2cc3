using System.Diagnostics;

namespace MigrationSim.Cli.Tests;

/// <summary>The built `migsim` program itself, as a real process: what the README's first command runs.</summary>
public class ProcessTests
{
    [Fact]
    public void The_migsim_program_runs_the_quickstart_and_exits_0()
    {
        using var tmp = new TempFolder();
        string dll = Path.Combine(AppContext.BaseDirectory, "migsim.dll");
        var psi = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        foreach (var a in new[] { dll, "run", "scenarios/quickstart.yaml", "--out", tmp.File("q") }) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi)!;
        string stdout = p.StandardOutput.ReadToEnd();
        string stderr = p.StandardError.ReadToEnd();
        Assert.True(p.WaitForExit(60_000), "migsim did not finish in 60 s");
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}: {stderr}");
        Assert.Contains("quickstart", stdout);
        Assert.True(File.Exists(Path.Combine(tmp.File("q"), "timeline.csv")));
    }
}
