using System.Diagnostics;

namespace MigrationSim.Qemu.Processes;

/// <summary>
/// Remembers every QEMU this process started and kills the survivors when the .NET process exits,
/// so that a crashed test host or an unhandled exception does not leave orphaned guests behind.
/// A process killed outright runs no exit handler: <see cref="ParentDeathSignal"/> covers that.
/// </summary>
internal static class ChildProcessRegistry
{
    private static readonly HashSet<Process> Live = [];

    static ChildProcessRegistry()
    {
        AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAll();
    }

    public static void Add(Process process)
    {
        lock (Live) Live.Add(process);
    }

    public static void Remove(Process process)
    {
        lock (Live) Live.Remove(process);
    }

    private static void KillAll()
    {
        Process[] all;
        lock (Live) all = Live.ToArray();
        foreach (var p in all)
        {
            try
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit(2000);
            }
            catch (InvalidOperationException)
            {
            }
        }
    }
}
