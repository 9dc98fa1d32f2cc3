using System.Diagnostics;
using Spectre.Console;

namespace MigrationSim.Cli.Sweeps;

/// <summary>A live progress bar for an interactive terminal: counts and rate, bar, one percentage, one ETA.</summary>
public sealed class SpectreSweepProgress : ISweepProgress
{
    public void Run(int total, int alreadyDone, Action<Action> body)
    {
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask("sweep", maxValue: Math.Max(total, 1));
                task.Increment(alreadyDone);
                int done = alreadyDone;
                var clock = Stopwatch.StartNew();
                body(() =>
                {
                    int now = Interlocked.Increment(ref done);
                    task.Increment(1);
                    task.Description = ProgressText.Counts(now, total, alreadyDone, clock.Elapsed);
                });
            });
    }
}
