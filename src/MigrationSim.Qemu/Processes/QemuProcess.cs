using System.Diagnostics;
using System.Text;
using MigrationSim.Qemu.Qmp;

namespace MigrationSim.Qemu.Processes;

/// <summary>
/// One running qemu-system-x86_64 and its QMP connection. Disposing it always ends the process
/// and reaps it (quit is tried by <see cref="ShutdownAsync"/>; dispose just kills).
/// </summary>
public sealed class QemuProcess : IAsyncDisposable
{
    private const int StderrKeepChars = 8192;
    private readonly Process _process;
    private readonly StringBuilder _stderr = new();
    private QmpClient? _qmp;
    private int _disposed;

    internal QemuProcess(QemuLaunchOptions options, ProcessStartInfo psi)
    {
        Options = options;
        _process = new Process { StartInfo = psi, EnableRaisingEvents = true };
        _process.ErrorDataReceived += (_, e) => AppendStderr(e.Data);
        _process.OutputDataReceived += (_, e) => AppendStderr(e.Data);
        ParentDeathSignal.Start(_process);
        ChildProcessRegistry.Add(_process);
        Pid = _process.Id;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        // QEMU never reads stdin here; closing it keeps it from ever blocking on a terminal.
        _process.StandardInput.Close();
    }

    public QemuLaunchOptions Options { get; }

    public int Pid { get; }

    public bool HasExited => _process.HasExited;

    public int? ExitCode => _process.HasExited ? _process.ExitCode : null;

    public QmpClient Qmp => _qmp ?? throw new InvalidOperationException("QMP is not connected");

    public string SerialLogPath => Options.SerialLogPath;

    /// <summary>The last few KiB QEMU wrote to stderr/stdout (its error messages).</summary>
    public string StandardErrorText
    {
        get { lock (_stderr) return _stderr.ToString(); }
    }

    internal async Task ConnectQmpAsync(TimeSpan timeout, bool recordTranscript, CancellationToken ct)
    {
        try
        {
            _qmp = await QmpClient.ConnectAsync(Options.QmpSocketPath, timeout, ct, recordTranscript, giveUp: () => _process.HasExited);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException && _process.HasExited)
        {
            await _process.WaitForExitAsync(CancellationToken.None);
            throw new InvalidOperationException(
                $"qemu ({Options.Name}) exited with code {_process.ExitCode} before QMP was ready: {StandardErrorText.Trim()}", ex);
        }
    }

    /// <summary>Asks QEMU to quit over QMP, waits up to <paramref name="timeout"/>, then kills it.</summary>
    public async Task ShutdownAsync(TimeSpan timeout)
    {
        if (!_process.HasExited && _qmp is not null)
        {
            try
            {
                await _qmp.QuitAsync(CancellationToken.None, timeout);
            }
            catch (Exception ex) when (ex is QmpException or TimeoutException or IOException)
            {
                // Killing below is the fallback for a QEMU that will not quit.
            }
        }

        try
        {
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
        }

        await KillAsync();
    }

    /// <summary>SIGKILLs QEMU (if still running) and waits until it has been reaped.</summary>
    public async Task KillAsync()
    {
        try
        {
            if (!_process.HasExited)
                _process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // Exited between the check and the kill.
        }

        await _process.WaitForExitAsync(CancellationToken.None);
        ChildProcessRegistry.Remove(_process);
    }

    /// <summary>Waits until QEMU exits on its own.</summary>
    public Task WaitForExitAsync(CancellationToken ct) => _process.WaitForExitAsync(ct);

    private void AppendStderr(string? line)
    {
        if (line is null) return;
        lock (_stderr)
        {
            _stderr.AppendLine(line);
            if (_stderr.Length > StderrKeepChars)
                _stderr.Remove(0, _stderr.Length - StderrKeepChars);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        try
        {
            await KillAsync();
        }
        finally
        {
            if (_qmp is not null)
                await _qmp.DisposeAsync();
            _process.Dispose();
        }
    }
}
