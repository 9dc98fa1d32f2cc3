using MigrationSim.Model.Fleets;

namespace MigrationSim.Reporting.Fleets;

/// <summary>
/// The files of one <c>migsim fleet</c>: guests.csv, summary.csv, links.csv, utilisation.csv and
/// gantt.png, written into a temporary sibling folder and moved into place when all are complete
/// (as <see cref="RunOutput"/> does).
/// </summary>
public static class FleetOutput
{
    public const string GuestsFile = "guests.csv";
    public const string SummaryFile = "summary.csv";
    public const string LinksFile = "links.csv";
    public const string UtilisationFile = "utilisation.csv";
    public const string GanttFile = "gantt.png";

    public static void Write(string directory, FleetResult result, bool figure = true)
    {
        string full = Path.GetFullPath(directory);
        string parent = Path.GetDirectoryName(full) ?? throw new ArgumentException($"'{directory}' has no parent folder");
        Directory.CreateDirectory(parent);
        string staging = Path.Combine(parent, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            FleetTables.Guests.Write(Path.Combine(staging, GuestsFile), result.Guests);
            FleetTables.Summary.Write(Path.Combine(staging, SummaryFile), [result]);
            FleetTables.Links.Write(Path.Combine(staging, LinksFile), result.Links.Where(l => l.CarriedBytes > 0));
            WriteUtilisation(Path.Combine(staging, UtilisationFile), result);
            if (figure) GanttFigure.Save(result, Path.Combine(staging, GanttFile));
            if (Directory.Exists(full))
            {
                foreach (string f in Directory.GetFiles(staging))
                    File.Move(f, Path.Combine(full, Path.GetFileName(f)), overwrite: true);
                Directory.Delete(staging);
            }
            else
                Directory.Move(staging, full);
        }
        catch
        {
            if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>Bytes each link carried in each second (long form: second, link, bytes, utilisation).</summary>
    private static void WriteUtilisation(string path, FleetResult result)
    {
        using var w = new StreamWriter(path);
        w.Write("second,link,bytes,utilisation\n");
        foreach (var l in result.Links.Where(l => l.CarriedBytes > 0))
            for (int s = 0; s < l.CarriedPerSecond.Count; s++)
                w.Write(FormattableString.Invariant($"{s},{Csv(l.Name)},{l.CarriedPerSecond[s]:0.#},{l.CarriedPerSecond[s] / l.CapacityBytesPerSecond:0.####}\n"));
    }

    private static string Csv(string s) => s.Contains(',') || s.Contains('"') ? "\"" + s.Replace("\"", "\"\"") + "\"" : s;
}
