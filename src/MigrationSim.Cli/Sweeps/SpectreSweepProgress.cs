using System.Diagnostics;
using Spectre.Console;

namespace MigrationSim.Cli.Sweeps;

/// <summary>A live progress bar with rate and ETA, for an interactive terminal.</summary>
public sealed class SpectreSweepProgress(string unit = "runs") : ISweepProgress
{
    public void Run(int total, int alreadyDone, Action<Action> body)
    {
        AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(unit, maxValue: Math.Max(total, 1));
                task.Increment(alreadyDone);
                int done = alreadyDone;
                var clock = Stopwatch.StartNew();
                body(() =>
                {
                    int now = Interlocked.Increment(ref done);
                    task.Increment(1);
                    task.Description = ProgressText.Format(now, total, alreadyDone, clock.Elapsed, unit);
                });
            });
    }
}
