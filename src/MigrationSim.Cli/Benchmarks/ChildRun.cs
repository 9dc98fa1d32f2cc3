using System.Diagnostics;

namespace MigrationSim.Cli.Benchmarks;

/// <summary>
/// One migsim command run as a fresh child process and measured from outside: wall time from
/// start to exit and the peak resident set (VmHWM from /proc while it runs), so start-up, loading,
/// simulating and writing all count, as a user would time it.
/// </summary>
internal sealed record ChildRun(double WallSeconds, long PeakRssBytes, int ExitCode, string StandardOutput, string StandardError)
{
    public static async Task<ChildRun> Of(IEnumerable<string> arguments, CancellationToken ct)
    {
        // Re-run this same program: the apphost directly, or `dotnet migsim.dll`.
        string exe = Environment.ProcessPath!;
        var psi = new ProcessStartInfo(exe) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(exe) == "dotnet") psi.ArgumentList.Add(typeof(ChildRun).Assembly.Location);
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        var clock = Stopwatch.StartNew();
        using var p = Process.Start(psi)!;
        long peak = 0;
        try
        {
            var stdout = p.StandardOutput.ReadToEndAsync(ct);
            var stderr = p.StandardError.ReadToEndAsync(ct);
            while (!p.HasExited)
            {
                peak = Math.Max(peak, PeakRss(p.Id));
                await Task.WhenAny(p.WaitForExitAsync(ct), Task.Delay(20, ct));
            }
            clock.Stop();
            await p.WaitForExitAsync(ct);
            return new ChildRun(clock.Elapsed.TotalSeconds, peak, p.ExitCode, await stdout, await stderr);
        }
        finally
        {
            if (!p.HasExited) p.Kill(entireProcessTree: true);
        }
    }

    /// <summary>VmHWM of a live process in bytes (Linux); 0 when it cannot be read.</summary>
    private static long PeakRss(int pid)
    {
        try
        {
            foreach (string line in File.ReadLines($"/proc/{pid}/status"))
                if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                    return long.Parse(line[6..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException) { }
        return 0;
    }
}
