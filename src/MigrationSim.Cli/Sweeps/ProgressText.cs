using System.Globalization;

namespace MigrationSim.Cli.Sweeps;

/// <summary>"120/1000 runs (12%), 45.2 runs/s, ETA 19 s": rate over the runs done in this process, ETA from it.</summary>
public static class ProgressText
{
    /// <summary>"120/1000 runs, 45.2 runs/s": for a display that shows the percentage and ETA in columns of its own.</summary>
    public static string Counts(int done, int total, int doneAtStart, TimeSpan elapsed)
    {
        double rate = elapsed.TotalSeconds > 0 ? (done - doneAtStart) / elapsed.TotalSeconds : 0;
        return $"{done}/{total} runs, {rate.ToString("0.0", CultureInfo.InvariantCulture)} runs/s";
    }

    public static string Format(int done, int total, int doneAtStart, TimeSpan elapsed)
    {
        var c = CultureInfo.InvariantCulture;
        double rate = elapsed.TotalSeconds > 0 ? (done - doneAtStart) / elapsed.TotalSeconds : 0;
        string eta = rate > 0 ? Duration((total - done) / rate) : "?";
        double pct = total == 0 ? 100 : 100.0 * done / total;
        return $"{done}/{total} runs ({pct.ToString("0", c)}%), {rate.ToString("0.0", c)} runs/s, ETA {eta}";
    }

    public static string Duration(double seconds)
    {
        var c = CultureInfo.InvariantCulture;
        if (seconds < 90) return $"{seconds.ToString("0", c)} s";
        if (seconds < 5400) return $"{(seconds / 60).ToString("0.0", c)} min";
        return $"{(seconds / 3600).ToString("0.0", c)} h";
    }
}
