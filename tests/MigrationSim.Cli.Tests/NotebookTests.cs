using System.Diagnostics;

namespace MigrationSim.Cli.Tests;

public class NotebookTests
{
    /// <summary>
    /// Runs tests/notebooks/run-notebooks.sh: every notebook headless (nbclient + ipykernel), with
    /// the migsim this test project was built with; fails on any cell error or a notebook that
    /// shows no figure.
    /// </summary>
    [NotebookFact]
    public async Task Every_notebook_runs_headless_and_shows_figures()
    {
        string script = Path.Combine(RepoPaths.Root, "tests", "notebooks", "run-notebooks.sh");
        var psi = new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        psi.Environment["MIGSIM"] = $"dotnet {Path.Combine(AppContext.BaseDirectory, "migsim.dll")}";
        using var p = Process.Start(psi)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        var stdout = p.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = p.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await p.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            p.Kill(entireProcessTree: true);
            Assert.Fail("the notebooks did not finish within 10 minutes");
        }
        string output = await stdout, errors = await stderr;
        Assert.True(p.ExitCode == 0, $"exit {p.ExitCode}\n{output}\n{errors}");
        int notebooks = Directory.GetFiles(Path.Combine(RepoPaths.Root, "notebooks"), "*.ipynb").Length;
        Assert.Equal(notebooks, output.Split('\n').Count(l => l.StartsWith("notebook ", StringComparison.Ordinal) && l.Contains(": ok (", StringComparison.Ordinal)));
    }
}
