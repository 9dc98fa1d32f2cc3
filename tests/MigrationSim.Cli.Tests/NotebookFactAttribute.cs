using System.Diagnostics;

namespace MigrationSim.Cli.Tests;

/// <summary>
/// A fact that needs Debian's Jupyter packages under /usr/bin/python3 (./test.sh installs them).
/// Skipped with the install command when they are missing on a developer machine; under CI=true
/// it is never skipped, so a missing package fails the run.
/// </summary>
public sealed class NotebookFactAttribute : FactAttribute
{
    public const string Packages = "python3-nbclient python3-nbformat python3-ipykernel python3-pandas python3-matplotlib";

    public NotebookFactAttribute()
    {
        bool ci = string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);
        if (!ci && !Installed())
            Skip = $"the notebooks need Debian's Jupyter packages: apt-get install {Packages} (./test.sh installs them; under CI=true this test fails instead)";
    }

    private static bool Installed()
    {
        if (!File.Exists("/usr/bin/python3")) return false;
        using var p = Process.Start(new ProcessStartInfo("/usr/bin/python3", ["-c", "import nbclient, nbformat, ipykernel, pandas, matplotlib"])
            { RedirectStandardError = true, RedirectStandardOutput = true })!;
        p.WaitForExit();
        return p.ExitCode == 0;
    }
}
