namespace MigrationSim.Qemu.Qmp;

/// <summary>
/// QEMU answered a QMP command with an error. <see cref="ErrorClass"/> and <see cref="Description"/>
/// are QEMU's own words, unchanged, so a user can search QEMU's sources or documentation for them.
/// </summary>
public sealed class QmpException : Exception
{
    public QmpException(string command, string errorClass, string description)
        : base($"QMP command '{command}' failed: {errorClass}: {description}")
    {
        Command = command;
        ErrorClass = errorClass;
        Description = description;
    }

    /// <summary>The QMP command that QEMU rejected, e.g. "migrate-set-capabilities".</summary>
    public string Command { get; }

    /// <summary>QEMU's error class, e.g. "GenericError" or "CommandNotFound".</summary>
    public string ErrorClass { get; }

    /// <summary>QEMU's error description, verbatim.</summary>
    public string Description { get; }
}
