using System.Collections.Concurrent;
using System.Diagnostics;

namespace MigrationSim.Qemu.Processes;

/// <summary>
/// Makes a child die with migsim whatever ends migsim, SIGKILL included, where no exit handler
/// runs: the child is started through util-linux's <c>setpriv --pdeathsig KILL</c>, which sets
/// PR_SET_PDEATHSIG and then execs the program (same PID, so nothing else changes). The kernel
/// sends that signal when the *thread* that forked the child ends, not the process, and .NET
/// forks on the calling thread (often a pool thread that is retired later), so every such child
/// is started from one thread that lives as long as the process.
/// Without setpriv the child is started plainly and only <see cref="ChildProcessRegistry"/>
/// (on a normal exit) ends it.
/// </summary>
internal static class ParentDeathSignal
{
    private static readonly string? Setpriv = ExecutableSearch.Find("/usr/bin/setpriv") ?? ExecutableSearch.Find("setpriv");
    private static readonly BlockingCollection<(Process Process, TaskCompletionSource Started)> Pending = [];

    static ParentDeathSignal()
    {
        new Thread(() =>
        {
            foreach (var (process, started) in Pending.GetConsumingEnumerable())
            {
                try
                {
                    process.Start();
                    started.SetResult();
                }
                catch (Exception e)
                {
                    started.SetException(e);
                }
            }
        })
        { IsBackground = true, Name = "migsim child forker" }.Start();
    }

    /// <summary>Whether children get the parent-death signal (setpriv was found).</summary>
    public static bool Available => Setpriv is not null;

    /// <summary><paramref name="psi"/> run through setpriv --pdeathsig KILL, when setpriv is there.</summary>
    public static ProcessStartInfo Wrap(ProcessStartInfo psi)
    {
        if (Setpriv is null) return psi;
        var arguments = psi.ArgumentList.ToList();
        psi.ArgumentList.Clear();
        foreach (string a in (string[])["--pdeathsig", "KILL", "--", psi.FileName, .. arguments]) psi.ArgumentList.Add(a);
        psi.FileName = Setpriv;
        return psi;
    }

    /// <summary>Starts <paramref name="process"/> from the long-lived forking thread and waits until it has started.</summary>
    public static void Start(Process process)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Pending.Add((process, started));
        started.Task.GetAwaiter().GetResult();
    }
}
