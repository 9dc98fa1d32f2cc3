namespace MigrationSim.Cli.Interrupts;

/// <summary>
/// Runs work that takes no cancellation token (the engine: simulation, calibration) so that a
/// command still stops at once on Ctrl-C: the work is abandoned on its pool thread and ends with
/// the process. A failure of the work itself comes back as it was thrown, not wrapped.
/// </summary>
internal static class Abandonable
{
    /// <exception cref="OperationCanceledException"><paramref name="ct"/> was cancelled first.</exception>
    public static T Run<T>(Func<T> work, CancellationToken ct)
    {
        var task = Task.Run(work, CancellationToken.None);
        try
        {
            task.Wait(ct);
        }
        catch (AggregateException)
        {
            // Rethrown unwrapped below.
        }
        return task.GetAwaiter().GetResult();
    }
}
