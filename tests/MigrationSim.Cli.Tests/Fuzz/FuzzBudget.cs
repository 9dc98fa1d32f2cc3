using MigrationSim.Model.Migration;

namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>
/// How much fuzzing a test run does: a few seconds by default (CI), much more with
/// MIGSIM_FUZZ=long. An accepted input is run only if it is cheap enough for the mode; the
/// documented bounds keep the others finite, but not within seconds (a 16 TiB guest, or a
/// million writes a second for an hour). Such inputs are counted, not run.
/// </summary>
internal static class FuzzBudget
{
    public static bool Long { get; } = Environment.GetEnvironmentVariable("MIGSIM_FUZZ") == "long";

    /// <summary>Cases of the in-process properties.</summary>
    public static int Cases(int ci) => Long ? ci * 40 : ci;

    /// <summary>Longest an accepted run may take before the property fails (it would be a hang).</summary>
    public static TimeSpan RunTimeout { get; } = TimeSpan.FromSeconds(Long ? 600 : 60);

    /// <summary>Whether <paramref name="input"/> is cheap enough to run in this mode.</summary>
    public static bool CanRun(SimulationInput input)
    {
        double writes = (input.Workload.MeanRatePagesPerSecond + input.Host.BackgroundDirtyRatePagesPerSecond) * input.Parameters.MaxTime.Seconds;
        long pages = input.Guest.Pages;
        // The postcopy phase is not yet bounded by max-time (issue 12, engine part): a slow postcopy
        // stream runs as long as the guest takes to push, however long that is.
        // (Counted for precopy too, where it costs nothing: the check then needs no policy.)
        double postcopySeconds = input.Guest.MemoryBytes / Math.Min(input.Parameters.MaxPostcopyBandwidthBytesPerSecond, input.Link.BandwidthBytesPerSecond);
        return Long
            ? writes <= 2e9 && pages <= 1L << 28 && postcopySeconds <= 3600
            : writes <= 3e7 && pages <= 1L << 21 && postcopySeconds <= 120;
    }
}
