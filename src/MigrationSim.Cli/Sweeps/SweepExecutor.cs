using MigrationSim.Model.Migration;
using MigrationSim.Reporting.Csv;
using MigrationSim.Scenarios.Sweeps;

namespace MigrationSim.Cli.Sweeps;

/// <summary>
/// Runs the runs of a sweep in parallel and appends each result row as it finishes, so an
/// interrupted sweep keeps every finished run. Row order in the file is completion order until
/// <see cref="Finish"/> sorts it (atomically) by point and replication.
/// </summary>
public static class SweepExecutor
{
    /// <summary>
    /// Runs <paramref name="todo"/>; returns how many finished. Throws OperationCanceledException
    /// when cancelled, at once: runs in progress stop at their next event and write nothing, so the
    /// file holds exactly the runs reported as finished. Each worker simulates on its own thread
    /// (no thread waits for another, so two jobs keep two cores busy).
    /// </summary>
    public static int Run(IReadOnlyList<SweepRun> todo, SweepResultsWriter writer, int jobs, Action advance, CancellationToken ct)
    {
        int finished = 0;
        var options = new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = ct };
        // One run per work item: runs differ in cost by orders of magnitude, so no fixed chunking.
        var partitioner = System.Collections.Concurrent.Partitioner.Create(todo, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        Parallel.ForEach(partitioner, options, run =>
        {
            var result = MigrationSimulation.Run(run.Input, ct);
            writer.Write(SweepResultsFile.Row(run.Point.ParameterValues, result.Summary, run.Point.Index, run.Replication));
            Interlocked.Increment(ref finished);
            advance();
        });
        return finished;
    }

    /// <summary>Rewrites the results sorted by (point, replication), dropping duplicate runs.</summary>
    public static SweepResults Finish(string path)
    {
        var results = SweepResultsFile.Read(path);
        var unique = results.Rows.GroupBy(r => (r.Point, r.Replication)).Select(g => g.First()).ToList();
        SweepResultsFile.WriteAll(path, results.Header, results.Columns, unique);
        return results with { Rows = unique.OrderBy(r => r.Point).ThenBy(r => r.Replication).ToList() };
    }
}
