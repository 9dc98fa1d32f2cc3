using System.Runtime.InteropServices;

namespace MigrationSim.Cli.Interrupts;

/// <summary>
/// Ctrl-C (SIGINT), SIGTERM and SIGHUP for the migsim process. The first signal cancels
/// <see cref="Token"/>: the command stops, says what it kept and how to continue, and exits
/// 130. A command still running <see cref="Grace"/> later (one that cannot be interrupted, or a
/// read blocked on a pipe) is ended with 130 all the same; a second signal ends the process at once.
/// </summary>
public sealed class InterruptSignal : IDisposable
{
    /// <summary>How long a command has to stop after the first signal.</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(5);

    private readonly CancellationTokenSource _cts = new();
    private readonly TextWriter _error;
    private readonly PosixSignalRegistration[] _registrations;
    private int _signals;

    public InterruptSignal(TextWriter error)
    {
        _error = error;
        _registrations = [.. new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP }.Select(s => PosixSignalRegistration.Create(s, OnSignal))];
    }

    public CancellationToken Token => _cts.Token;

    private void OnSignal(PosixSignalContext context)
    {
        // A second signal takes the default action: the user insists.
        if (Interlocked.Increment(ref _signals) > 1) return;
        context.Cancel = true;
        _cts.Cancel();
        _ = Task.Delay(Grace).ContinueWith(_ =>
        {
            _error.WriteLine($"interrupted: the command did not stop within {Grace.TotalSeconds:0} s; ended");
            Environment.Exit(ExitCodes.Cancelled);
        }, TaskScheduler.Default);
    }

    public void Dispose()
    {
        foreach (var r in _registrations) r.Dispose();
        _cts.Dispose();
    }
}
