using MigrationSim.Traces.Format;

namespace MigrationSim.Traces.Loading;

/// <summary>How capture folders are named on a command line: a folder of captures stands for the captures in it.</summary>
public static class TraceFolders
{
    /// <summary>The file beside a set of captures that lists the calibration subset's name patterns.</summary>
    public const string CalibrationFile = "calibration.txt";

    /// <summary>
    /// A folder with no trace of its own stands for the capture folders inside it (in ordinal order,
    /// hidden ones skipped). A set nested in it (a folder of capture folders, such as
    /// results/traces/qemu-10.0 beside the 7.2 set) is left out: it is another set, named to be used.
    /// </summary>
    public static List<string> Expand(IEnumerable<string> args)
    {
        var result = new List<string>();
        foreach (var a in args)
        {
            if (IsSet(a))
            {
                var inner = Directory.GetDirectories(a).Where(d => !Path.GetFileName(d).StartsWith('.') && !IsNestedSet(d)).Order(StringComparer.Ordinal).ToList();
                if (inner.Count > 0) { result.AddRange(inner); continue; }
            }
            result.Add(a);
        }
        return result;
    }

    private static bool IsCapture(string dir) => File.Exists(Path.Combine(dir, TraceFiles.Scenario)) || File.Exists(Path.Combine(dir, TraceFiles.Trace));

    private static bool IsSet(string dir) => Directory.Exists(dir) && !IsCapture(dir);

    private static bool IsNestedSet(string dir) => !IsCapture(dir) && Directory.GetDirectories(dir).Any(IsCapture);

    /// <summary>calibration.txt in the folder given, or in the folder that holds the capture folders given; null if none.</summary>
    public static string? DefaultCalibration(IEnumerable<string> args)
    {
        foreach (var a in args)
        {
            string full = Path.GetFullPath(a);
            foreach (var dir in new[] { Directory.Exists(full) ? full : null, Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(full)) })
                if (dir is not null && File.Exists(Path.Combine(dir, CalibrationFile)))
                    return Path.Combine(dir, CalibrationFile);
        }
        return null;
    }

    /// <summary>Loads every folder; the ones that cannot be validated come back with the reason.</summary>
    public static (List<Analysis.Validation.MeasuredMigration> Usable, List<(string Folder, string Reason)> Unusable) LoadAll(IEnumerable<string> folders)
    {
        var usable = new List<Analysis.Validation.MeasuredMigration>();
        var unusable = new List<(string, string)>();
        foreach (var f in folders)
        {
            var (trace, reason) = TraceLoader.Load(f);
            if (trace is not null) usable.Add(trace);
            else unusable.Add((f, reason!));
        }
        return (usable, unusable);
    }
}
