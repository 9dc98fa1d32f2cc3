using System.ComponentModel;
using System.Diagnostics;

namespace MigrationSim.Cli.Cluster;

/// <summary>
/// Runs Slurm's client commands (sbatch, scancel) as the user would, with the environment of this
/// process plus <see cref="Environment"/> (sbatch --export=ALL hands it to the jobs).
/// </summary>
public sealed class SlurmClient(IReadOnlyDictionary<string, string> environment)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(2);

    public IReadOnlyDictionary<string, string> Environment { get; } = environment;

    /// <summary>sbatch's version line, or null with the reason when sbatch cannot be run here.</summary>
    public string? Version(out string error)
    {
        var (exit, stdout, stderr) = Run("sbatch", ["--version"]);
        error = exit == 0 ? "" : stderr;
        return exit == 0 ? stdout.Trim() : null;
    }

    /// <summary>Submits with --parsable and returns the job id ("123" of "123;cluster"), or null with sbatch's message.</summary>
    public string? Submit(IReadOnlyList<string> arguments, out string error)
    {
        var (exit, stdout, stderr) = Run("sbatch", arguments);
        string id = stdout.Trim().Split('\n')[0].Split(';')[0].Trim();
        bool ok = exit == 0 && id.Length > 0 && id.All(char.IsAsciiDigit);
        error = ok ? "" : $"sbatch exited {exit}: {(stderr + stdout).Trim()}";
        return ok ? id : null;
    }

    public void Cancel(string jobId) => Run("scancel", [jobId]);

    private (int Exit, string Out, string Err) Run(string program, IReadOnlyList<string> arguments)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) psi.ArgumentList.Add(a);
        foreach (var (k, v) in Environment) psi.Environment[k] = v;
        Process p;
        try { p = Process.Start(psi)!; }
        catch (Win32Exception e) { return (127, "", $"{program}: {e.Message} (is Slurm's client installed and on PATH? run this on a login node)"); }
        using (p)
        {
            var stdout = p.StandardOutput.ReadToEndAsync();
            var stderr = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(Timeout))
            {
                p.Kill(entireProcessTree: true);
                return (124, "", $"{program} did not answer within {Timeout.TotalSeconds:0} s");
            }
            return (p.ExitCode, stdout.Result, stderr.Result);
        }
    }
}
