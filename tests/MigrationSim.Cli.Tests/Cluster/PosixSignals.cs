using System.Runtime.InteropServices;

namespace MigrationSim.Cli.Tests.Cluster;

/// <summary>kill(2) for the signals .NET has no API for: freezing a job's process to catch it midway.</summary>
internal static class PosixSignals
{
    public const int Stop = 19;
    public const int Continue = 18;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    public static bool Send(int pid, int signal) => Kill(pid, signal) == 0;
}
