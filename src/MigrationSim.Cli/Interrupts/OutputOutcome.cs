namespace MigrationSim.Cli.Interrupts;

/// <summary>
/// The two ways a command that writes an output can stop short, as its message and exit code:
/// interrupted (130, nothing written) or unable to write (1, the output as it was).
/// </summary>
internal static class OutputOutcome
{
    /// <summary>Runs <paramref name="work"/>; null when it completed, else the exit code (its message printed).</summary>
    /// <param name="again">What running the command again would do ("simulate", "validate").</param>
    public static int? Of(CliConsole console, string output, string again, Action work)
    {
        try
        {
            work();
            return null;
        }
        catch (OperationCanceledException)
        {
            console.Error.WriteLine($"interrupted: nothing was written ({output} is as it was); run the command again to {again}");
            return ExitCodes.Cancelled;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {output} (it is as it was): {e.Message}");
            return ExitCodes.Failure;
        }
    }
}
