namespace MigrationSim.Cli.Sweeps;

/// <summary>
/// Shows a sweep's progress while <c>body</c> runs; body calls the action it is given once per
/// finished run, from any thread.
/// </summary>
public interface ISweepProgress
{
    void Run(int total, int alreadyDone, Action<Action> body);
}
