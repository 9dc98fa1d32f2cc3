using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;
using MigrationSim.Reporting.Staging;

namespace MigrationSim.Reporting;

/// <summary>
/// The files of one `migsim run`: summary.csv, iterations.csv, timeline.csv (and faults.csv for
/// postcopy). The folder is replaced as a whole (<see cref="StagedFolder"/>): a failure or an
/// interrupt leaves the earlier result as it was, and a new result never sits beside files of an
/// older one.
/// </summary>
public static class RunOutput
{
    public const string SummaryFile = "summary.csv";
    public const string IterationsFile = "iterations.csv";
    public const string TimelineFile = "timeline.csv";
    public const string FaultsFile = "faults.csv";

    private static readonly HashSet<string> Files = new(StringComparer.Ordinal) { SummaryFile, IterationsFile, TimelineFile, FaultsFile };

    /// <summary>Whether a file of this name is one a run writes (an earlier run's folder holds only these).</summary>
    public static bool IsOutput(string fileName) => Files.Contains(fileName);

    /// <summary>Why <paramref name="directory"/> cannot receive a run's files, or null (see <see cref="StagedFolder.Problem"/>).</summary>
    public static string? Problem(string directory) => StagedFolder.Problem(directory, IsOutput);

    /// <summary>
    /// Writes the run's files and returns their names in writing order (summary.csv, iterations.csv,
    /// timeline.csv, and faults.csv when postcopy ran); stops before replacing anything once
    /// <paramref name="ct"/> is cancelled.
    /// </summary>
    public static IReadOnlyList<string> Write(string directory, MigrationResult result, CancellationToken ct = default)
    {
        using var session = Begin(directory, everyPoll: false, everyFault: false);
        return session.Finish(result, ct);
    }

    /// <summary>
    /// Starts an output that can take rows while the simulation runs: with <paramref name="everyPoll"/>
    /// every query-migrate poll, with <paramref name="everyFault"/> every postcopy fault is written as it
    /// comes (<see cref="Session.Attach"/>), so memory stays bounded however many there are.
    /// </summary>
    public static Session Begin(string directory, bool everyPoll, bool everyFault) => new(StagedFolder.Begin(directory, IsOutput), everyPoll, everyFault);

    /// <summary>One run's output being written: streamed files fill as the run goes, the rest at <see cref="Finish"/>.</summary>
    public sealed class Session : IDisposable
    {
        private readonly StagedFolder _folder;
        private readonly CsvStream<MigrationSample>? _polls;
        private readonly CsvStream<FaultRecord>? _faults;

        internal Session(StagedFolder folder, bool everyPoll, bool everyFault)
        {
            _folder = folder;
            if (everyPoll) _polls = new CsvStream<MigrationSample>(ResultTables.Timeline, Path.Combine(folder.Path, TimelineFile));
            if (everyFault) _faults = new CsvStream<FaultRecord>(ResultTables.Faults, Path.Combine(folder.Path, FaultsFile));
        }

        /// <summary>Subscribes the streamed files to <paramref name="migration"/>'s polls and faults.</summary>
        public void Attach(MigrationProcess migration)
        {
            if (_polls is not null) migration.Sampled += _polls.Add;
            if (_faults is not null) migration.Faulted += _faults.Add;
        }

        /// <summary>Writes what was not streamed, swaps the folder in, and returns the files' names in writing order.</summary>
        public IReadOnlyList<string> Finish(MigrationResult result, CancellationToken ct = default)
        {
            var written = new List<string> { SummaryFile, IterationsFile, TimelineFile };
            ResultTables.Summary.Write(Path.Combine(_folder.Path, SummaryFile), [result.Summary]);
            ResultTables.Iterations.Write(Path.Combine(_folder.Path, IterationsFile), result.Iterations);
            ct.ThrowIfCancellationRequested();
            if (_polls is null) ResultTables.Timeline.Write(Path.Combine(_folder.Path, TimelineFile), result.Timeline);
            else _polls.Dispose();
            ct.ThrowIfCancellationRequested();
            _faults?.Dispose();
            string faults = Path.Combine(_folder.Path, FaultsFile);
            if (result.Summary.SwitchTimeMs is null)
            {
                // No postcopy phase, no faults.csv: the file streamed just in case goes.
                if (_faults is not null) File.Delete(faults);
            }
            else
            {
                if (_faults is null) ResultTables.Faults.Write(faults, result.Faults);
                written.Add(FaultsFile);
            }
            ct.ThrowIfCancellationRequested();
            _folder.Commit();
            return written;
        }

        public void Dispose()
        {
            _polls?.Dispose();
            _faults?.Dispose();
            _folder.Dispose();
        }
    }
}
