using System.Diagnostics;
using System.Text;

namespace MigrationSim.Cli.Tests;

/// <summary>
/// A running migsim (the built one, `dotnet migsim.dll`), for properties about the process itself: that it does
/// not crash (a stack overflow cannot be caught in-process), its exit code, its peak memory,
/// and what it does on a signal.
/// </summary>
internal sealed class RunningMigsim : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _out = new(), _err = new();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Thread _sampler;
    private long _peakBytes;
    private volatile bool _done;
    private bool _outClosed; // standard output reached its end (guarded by _out)

    public RunningMigsim(string workingDirectory, params string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true,
            WorkingDirectory = workingDirectory, UseShellExecute = false,
        };
        psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "migsim.dll"));
        foreach (var a in args) psi.ArgumentList.Add(a);
        _process = new Process { StartInfo = psi };
        _process.OutputDataReceived += (_, e) =>
        {
            lock (_out)
            {
                _out.AppendLine(e.Data);
                if (e.Data is null) _outClosed = true;
                Monitor.PulseAll(_out); // wakes WaitForOutput
            }
        };
        _process.ErrorDataReceived += (_, e) => { lock (_err) _err.AppendLine(e.Data); };
        _process.Start();
        _process.StandardInput.Close();
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        Pid = _process.Id;
        // VmHWM is the peak resident set; it is gone once the process is reaped, so it is read while it runs.
        _sampler = new Thread(() =>
        {
            while (!_done)
            {
                try
                {
                    foreach (string line in File.ReadLines($"/proc/{Pid}/status"))
                        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                            _peakBytes = Math.Max(_peakBytes, long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
                Thread.Sleep(20);
            }
        }) { IsBackground = true };
        _sampler.Start();
    }

    public int Pid { get; }

    public string Out { get { lock (_out) return _out.ToString(); } }

    public string Err { get { lock (_err) return _err.ToString(); } }

    /// <summary>Peak resident memory seen while it ran (bytes).</summary>
    public long PeakBytes => _peakBytes;

    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Waits for the exit; null when it did not end within <paramref name="timeout"/> (it is then killed).</summary>
    public int? WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
            return null;
        }
        _process.WaitForExit(); // drains the output readers
        _done = true;
        _clock.Stop();
        return _process.ExitCode;
    }

    /// <summary>Sends a signal by number (2 SIGINT, 9 SIGKILL, 15 SIGTERM).</summary>
    public void Signal(int signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        kill.WaitForExit();
    }

    /// <summary>Waits until a line of standard output contains <paramref name="text"/>; false at the timeout or when the output ends without it.</summary>
    public bool WaitForOutput(string text, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        lock (_out)
        {
            while (!_out.ToString().Contains(text, StringComparison.Ordinal))
            {
                var left = until - DateTime.UtcNow;
                if (_outClosed || left <= TimeSpan.Zero) return false;
                Monitor.Wait(_out, left);
            }
            return true;
        }
    }

    public void Dispose()
    {
        if (!_process.HasExited) { _process.Kill(entireProcessTree: true); _process.WaitForExit(); }
        _done = true;
        _sampler.Join();
        _process.Dispose();
    }
}
