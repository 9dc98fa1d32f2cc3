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
        using var folder = StagedFolder.Begin(directory, IsOutput);
        var written = new List<string> { SummaryFile, IterationsFile, TimelineFile };
        ResultTables.Summary.Write(Path.Combine(folder.Path, SummaryFile), [result.Summary]);
        ResultTables.Iterations.Write(Path.Combine(folder.Path, IterationsFile), result.Iterations);
        ct.ThrowIfCancellationRequested();
        ResultTables.Timeline.Write(Path.Combine(folder.Path, TimelineFile), result.Timeline);
        ct.ThrowIfCancellationRequested();
        if (result.Summary.SwitchTimeMs is not null)
        {
            ResultTables.Faults.Write(Path.Combine(folder.Path, FaultsFile), result.Faults);
            written.Add(FaultsFile);
        }
        ct.ThrowIfCancellationRequested();
        folder.Commit();
        return written;
    }
}
