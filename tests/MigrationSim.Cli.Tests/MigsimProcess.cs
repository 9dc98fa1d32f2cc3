using System.Diagnostics;

namespace MigrationSim.Cli.Tests;

/// <summary>The built migsim as a real process (`dotnet migsim.dll ARGS`), run from the repository root.</summary>
internal static class MigsimProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "migsim.dll");

    /// <summary>The dotnet host running these tests, so that a test may empty PATH for migsim.</summary>
    public static string Dotnet => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    public static (int Exit, string Out, string Err) Run(IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var psi = new ProcessStartInfo(Dotnet) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false, WorkingDirectory = RepoPaths.Root };
        psi.ArgumentList.Add(Dll);
        foreach (string a in args) psi.ArgumentList.Add(a);
        foreach (var (k, v) in environment ?? new Dictionary<string, string>()) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(120_000), $"migsim {string.Join(' ', args)} did not finish in 120 s");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }
}
