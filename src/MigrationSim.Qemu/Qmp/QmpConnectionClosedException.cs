namespace MigrationSim.Qemu.Qmp;

/// <summary>
/// The QMP socket closed while a command was waiting for its reply (QEMU exited or crashed).
/// </summary>
public sealed class QmpConnectionClosedException : IOException
{
    public QmpConnectionClosedException(string command, Exception? inner = null)
        : base($"QMP connection closed before QEMU answered '{command}'", inner)
    {
        Command = command;
    }

    public string Command { get; }
}
