using System.Diagnostics;

namespace MigrationSim.Cli.Tests;

public class NotebookTests
{
    /// <summary>
    /// Runs tests/notebooks/run-notebooks.sh: every notebook headless with dotnet-repl (installed
    /// from NuGet when missing), failing on an error output or a missing figure.
    /// </summary>
    [Fact]
    public async Task Every_notebook_runs_headless()
    {
        string script = Path.Combine(RepoPaths.Root, "tests", "notebooks", "run-notebooks.sh");
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        using var p = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        var stdout = p.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = p.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("the notebooks did not finish within 5 minutes");
        }
        string output = await stdout, errors = await stderr;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{output}\n{errors}");
        Assert.Contains(": ok (", output);
    }
}
