using System.Diagnostics;

namespace MigrationSim.Cli.Sweeps;

/// <summary>
/// Progress for logs and pipes (no terminal): one plain line every <see cref="Interval"/>, and a
/// last one at the end; no cursor control characters to garble a CI log.
/// </summary>
public sealed class PlainSweepProgress(TextWriter output, TimeSpan interval, string unit = "runs") : ISweepProgress
{
    public TimeSpan Interval { get; } = interval;

    public void Run(int total, int alreadyDone, Action<Action> body)
    {
        int done = alreadyDone;
        var clock = Stopwatch.StartNew();
        long nextReport = (long)Interval.TotalMilliseconds;
        var gate = new Lock();
        body(() =>
        {
            int now = Interlocked.Increment(ref done);
            if (clock.ElapsedMilliseconds < Interlocked.Read(ref nextReport)) return;
            lock (gate)
            {
                if (clock.ElapsedMilliseconds < nextReport) return;
                nextReport = clock.ElapsedMilliseconds + (long)Interval.TotalMilliseconds;
                output.WriteLine($"  {ProgressText.Format(now, total, alreadyDone, clock.Elapsed, unit)}");
            }
        });
        output.WriteLine($"  {ProgressText.Format(done, total, alreadyDone, clock.Elapsed, unit)}");
    }
}
