namespace MigrationSim.Qemu.Tests.Infrastructure;

public static class ProcessAssert
{
    /// <summary>
    /// The process is gone and reaped: a zombie still has /proc/PID, so this also catches a
    /// process that was killed but never waited for.
    /// </summary>
    public static void Gone(int pid, string what)
    {
        var status = Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "status");
        string? state = null;
        try
        {
            // A reused PID belongs to some other program; only a qemu under this PID is a survivor.
            var comm = File.ReadAllText(Path.Combine("/proc", pid.ToString(System.Globalization.CultureInfo.InvariantCulture), "comm"));
            if (comm.Contains("qemu", StringComparison.Ordinal))
                state = File.ReadLines(status).FirstOrDefault(l => l.StartsWith("State:", StringComparison.Ordinal));
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }

        Assert.True(state is null, $"{what} (pid {pid}) survived: {state}");
    }
}
