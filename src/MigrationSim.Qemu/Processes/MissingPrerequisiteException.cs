namespace MigrationSim.Qemu.Processes;

/// <summary>
/// A program or package that capture needs (qemu-system-x86_64, gcc, a Debian kernel package)
/// is missing. The message says what is missing and the command that installs it.
/// </summary>
public sealed class MissingPrerequisiteException : Exception
{
    public MissingPrerequisiteException(string what, string installCommand, string? detail = null, Exception? inner = null)
        : base($"{what} is missing{(detail is null ? "" : $" ({detail})")}; install it with: {installCommand}", inner)
    {
        What = what;
        InstallCommand = installCommand;
    }

    public string What { get; }

    /// <summary>A shell command that fixes it, e.g. "apt-get install -y --no-install-recommends qemu-system-x86".</summary>
    public string InstallCommand { get; }
}
