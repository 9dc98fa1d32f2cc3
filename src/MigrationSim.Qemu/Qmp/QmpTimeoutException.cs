namespace MigrationSim.Qemu.Qmp;

/// <summary>QEMU did not answer a QMP command (or the greeting) within the allowed time.</summary>
public sealed class QmpTimeoutException : TimeoutException
{
    public QmpTimeoutException(string command, TimeSpan timeout)
        : base($"QMP command '{command}' got no reply within {timeout.TotalMilliseconds:0} ms")
    {
        Command = command;
        Timeout = timeout;
    }

    public string Command { get; }

    public TimeSpan Timeout { get; }
}
