using MigrationSim.Model.Memory;
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
    /// Runs <paramref name="todo"/>; returns the row of each, in the order of <paramref name="todo"/>.
    /// Throws OperationCanceledException when cancelled, at once: runs in progress stop at their next
    /// event and write nothing, so the file holds exactly the runs reported as finished. Each worker
    /// simulates on its own thread and keeps its row in its own slot (no thread waits for another
    /// but to append its line, so two jobs keep two cores busy).
    /// </summary>
    public static IReadOnlyList<SweepResultRow> Run(IReadOnlyList<SweepRun> todo, SweepResultsWriter writer, int jobs, Action advance, CancellationToken ct)
    {
        var rows = new SweepResultRow[todo.Count];
        var options = new ParallelOptions { MaxDegreeOfParallelism = jobs, CancellationToken = ct };
        // One run per work item: runs differ in cost by orders of magnitude, so no fixed chunking.
        var partitioner = System.Collections.Concurrent.Partitioner.Create(todo, System.Collections.Concurrent.EnumerablePartitionerOptions.NoBuffering);
        // Each worker thread keeps one arena for its page bitmaps: its runs reuse them instead of allocating
        // (and collecting, which stops every worker) a few hundred KiB each. Per thread, not per loop worker:
        // Parallel.ForEach ends and replaces its workers every so often, and a thread runs one run at a time.
        using var arenas = new ThreadLocal<PageBitmapArena>(() => new PageBitmapArena());
        Parallel.ForEach(partitioner, options, (run, _, index) =>
        {
            var result = MigrationSimulation.Run(run.Input, arenas.Value!, ct);
            var row = SweepResultsFile.Row(run.Point.ParameterValues, result.Summary, run.Point.Index, run.Replication);
            writer.Write(row);
            rows[index] = row;
            advance();
        });
        return rows;
    }

    /// <summary>Rewrites the results sorted by (point, replication), dropping duplicate runs.</summary>
    public static SweepResults Finish(string path)
    {
        var results = SweepResultsFile.Read(path);
        var unique = results.Rows.GroupBy(r => (r.Point, r.Replication)).Select(g => g.First()).ToList();
        SweepResultsFile.WriteAll(path, results.Header, results.Columns, unique);
        return results with { Rows = unique.OrderBy(r => r.Point).ThenBy(r => r.Replication).ToList() };
    }

    /// <summary>
    /// <see cref="Finish(string)"/> for a file this process created and filled with <paramref name="rows"/>
    /// (no --resume): the same file, from the rows in memory instead of reading it back (a run is in it
    /// once, so there is nothing to drop).
    /// </summary>
    public static SweepResults Finish(string path, SweepResultsHeader header, IReadOnlyList<string> columns, IReadOnlyList<SweepResultRow> rows)
    {
        SweepResultsFile.WriteAll(path, header, columns, rows);
        return new SweepResults(header, columns, rows.OrderBy(r => r.Point).ThenBy(r => r.Replication).ToList());
    }
}
