using MigrationSim.Model.Results;
using MigrationSim.Reporting.Csv;

namespace MigrationSim.Reporting;

/// <summary>
/// The files of one `migsim run`: summary.csv, iterations.csv, timeline.csv. They are written
/// into a sibling temporary folder and moved into place only when all are complete, so a
/// failure never leaves a half-written result, and an earlier result survives until the new
/// one is whole.
/// </summary>
public static class RunOutput
{
    public const string SummaryFile = "summary.csv";
    public const string IterationsFile = "iterations.csv";
    public const string TimelineFile = "timeline.csv";
    public const string FaultsFile = "faults.csv";

    /// <summary>Writes the files and returns their names (summary.csv, ..., faults.csv when postcopy ran, extra files), in writing order.</summary>
    public static IReadOnlyList<string> Write(string directory, MigrationResult result, IReadOnlyDictionary<string, string>? extraFiles = null)
    {
        string full = Path.GetFullPath(directory);
        string parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{directory}' has no parent folder");
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var written = new List<string> { SummaryFile, IterationsFile, TimelineFile };
            ResultTables.Summary.Write(Path.Combine(staging, SummaryFile), [result.Summary]);
            ResultTables.Iterations.Write(Path.Combine(staging, IterationsFile), result.Iterations);
            ResultTables.Timeline.Write(Path.Combine(staging, TimelineFile), result.Timeline);
            if (result.Summary.SwitchTimeMs is not null)
            {
                ResultTables.Faults.Write(Path.Combine(staging, FaultsFile), result.Faults);
                written.Add(FaultsFile);
            }
            foreach (var (name, content) in extraFiles ?? new Dictionary<string, string>())
            {
                File.WriteAllText(Path.Combine(staging, name), content);
                written.Add(name);
            }
            if (Directory.Exists(full))
            {
                // Replace our own files only; anything else the user keeps there stays.
                foreach (string f in Directory.GetFiles(staging))
                    File.Move(f, Path.Combine(full, Path.GetFileName(f)), overwrite: true);
                Directory.Delete(staging);
            }
            else
                Directory.Move(staging, full);
            return written;
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }
}
