using System.Diagnostics;

namespace MigrationSim.Cli.Tests;

/// <summary>Runs a program to its end as a real child process and returns what it printed; killed (and failed) past a timeout.</summary>
internal static class ChildProcess
{
    public static (int Exit, string Out, string Err) Run(string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null,
        TimeSpan? timeout = null, string? workingDirectory = null)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (workingDirectory is not null) psi.WorkingDirectory = workingDirectory;
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi) ?? throw new InvalidOperationException($"cannot start {program}");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        var limit = timeout ?? TimeSpan.FromMinutes(2);
        if (!p.WaitForExit(limit))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', psi.ArgumentList)} did not finish in {limit.TotalSeconds:0} s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
