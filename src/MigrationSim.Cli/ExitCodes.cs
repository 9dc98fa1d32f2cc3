namespace MigrationSim.Cli;

/// <summary>Process exit codes of every migsim command.</summary>
public static class ExitCodes
{
    public const int Success = 0;

    /// <summary>Something failed while running (a bug, an I/O error, a QEMU failure).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: the command line, a scenario or another file the user gave; nothing was written.</summary>
    public const int BadInput = 2;

    /// <summary>Interrupted (Ctrl-C).</summary>
    public const int Cancelled = 130;
}
