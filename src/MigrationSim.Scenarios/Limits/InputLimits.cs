using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;

namespace MigrationSim.Scenarios.Limits;

/// <summary>
/// The documented bounds on what a user may ask for (README, "Limits"), chosen so that every
/// accepted scenario, sweep and plan runs in bounded memory and time on a shared machine.
/// Bounds on one key are checked where the key is read; <see cref="Check"/> judges what only
/// the whole input can tell (the guest image against guest memory, samples against max-time),
/// and is called by the scenario loader, by --profile and by every sweep point alike.
/// </summary>
public static class InputLimits
{
    /// <summary>Largest scenario, sweep or profile file read (bytes); a device with endless content stops here.</summary>
    public const int MaxFileBytes = 1 << 20;

    /// <summary>Deepest nesting of YAML lists and mappings (a scenario needs 5).</summary>
    public const int MaxYamlDepth = 64;

    /// <summary>Most YAML nodes in a file once its aliases are expanded ("billion laughs" stops here).</summary>
    public const long MaxYamlNodes = 100_000;

    /// <summary>
    /// Most guest pages (guest.memory / page-size): 16 TiB of 4 KiB pages. The engine keeps four
    /// bitmaps of one bit a page, 2 GiB at this bound; a 4 TiB guest peaks at about 0.55 GiB.
    /// </summary>
    public const long MaxPages = 1L << 32;

    /// <summary>Largest size any key takes (1 EiB): sums of sizes stay far from overflow.</summary>
    public const long MaxSizeBytes = 1L << 60;

    /// <summary>Longest duration any key takes (10000 h): sums of times stay far from overflow.</summary>
    public static readonly SimTime MaxDuration = SimTime.FromSeconds(10_000 * 3600);

    /// <summary>Longest migration.max-time: simulated time costs wall time (a 4 GiB guest that never converges takes about 0.8 s of CPU per simulated hour; a fast writer much more).</summary>
    public static readonly SimTime MaxMigrationTime = SimTime.FromSeconds(24 * 3600);

    /// <summary>Finest timeline (simulation.sample-interval); QEMU's own polling is coarser.</summary>
    public static readonly SimTime MinSampleInterval = SimTime.FromMilliseconds(1);

    /// <summary>Most timeline rows a run may produce (max-time / sample-interval); each costs about 270 B.</summary>
    public const long MaxSamples = 1_000_000;

    /// <summary>Shortest phase of a phased workload.</summary>
    public static readonly SimTime MinPhaseDuration = SimTime.FromMilliseconds(1);

    /// <summary>Most phases of a phased workload.</summary>
    public const int MaxPhases = 1_000;

    /// <summary>Fastest byte rate (network, max-bandwidth, effective-bandwidth): 1 PB/s, 'unlimited' aside.</summary>
    public const double MaxBytesPerSecond = 1e15;

    /// <summary>Fastest page-write rate (workload rates, max-rate, background-dirty-rate).</summary>
    public const double MaxPagesPerSecond = 1e9;

    /// <summary>Longest one-way latency and per-fault service time: every postcopy fault waits this long.</summary>
    public static readonly SimTime MaxLatency = SimTime.FromSeconds(10);

    /// <summary>Most runs of a sweep (points x replications); expanding one costs a few KiB a run.</summary>
    public const long MaxRuns = 100_000;

    /// <summary>Longest scenario or sweep name (it names an output folder).</summary>
    public const int MaxNameChars = 100;

    /// <summary>Memory that parallel simulations of one sweep or plan may take together (bytes); --jobs is lowered to fit.</summary>
    public const long ParallelMemoryBudgetBytes = 8L << 30;

    /// <summary>What <paramref name="input"/> asks for beyond a bound: the dotted key and why, or null when it is within every bound.</summary>
    public static (string Key, string Problem)? Problem(SimulationInput input)
    {
        var c = CultureInfo.InvariantCulture;
        var guest = input.Guest;
        var host = input.Host;
        if (guest.Pages > MaxPages)
            return ("guest.memory", $"{Bytes(guest.MemoryBytes)} of {Bytes(guest.PageSizeBytes)} pages is {guest.Pages.ToString("N0", c)} pages; " +
                                    $"at most {MaxPages.ToString("N0", c)} (16 TiB of 4 KiB pages): the page bitmaps alone would take {Bytes(guest.Pages / 2)}");

        // The image footprint is sized like the engine's memory layout, in doubles so that no sum overflows.
        double page = guest.PageSizeBytes;
        double footprint = host.ImageFootprintBytes + host.ImageFootprintPerGiBBytes * (guest.MemoryBytes / (double)(1L << 30));
        string footprintKey = host.ImageFootprintBytes > 0 || host.ImageFootprintPerGiBBytes == 0 ? "host.image-footprint" : "host.image-footprint-per-gib";
        string footprintText = host.ImageFootprintPerGiBBytes == 0
            ? Bytes(host.ImageFootprintBytes)
            : $"{Bytes(footprint)} ({Bytes(host.ImageFootprintBytes)} + {Bytes(host.ImageFootprintPerGiBBytes)} per GiB of guest memory)";
        if (footprint > guest.MemoryBytes)
            return (footprintKey, $"the guest image's footprint {footprintText} is larger than guest.memory ({Bytes(guest.MemoryBytes)})");
        double imagePages = Math.Ceiling(footprint / page);
        double reusablePages = Math.Clamp(Math.Floor(host.ImageReusableBytes / page), 0, imagePages);
        double programStart = imagePages - reusablePages;
        long ws = input.Workload.WorkingSetPages;
        if (programStart + guest.ResidentPages + ws > guest.Pages)
            return (footprintKey, $"the guest image's footprint {footprintText}, less {Bytes(reusablePages * page)} reusable (host.image-reusable), " +
                                  $"plus guest.resident ({Bytes(guest.ResidentPages * page)}) and the working set ({Bytes(ws * page)}) " +
                                  $"exceed guest.memory ({Bytes(guest.MemoryBytes)}); lower one of them or raise guest.memory");

        // Every byte of the guest may cross the slowest configured rate (an offline migration sends all of it
        // stopped): that time must be a time the simulated clock can hold, with room for sums.
        var rates = new List<(string Key, double BytesPerSecond)>
        {
            (host.EffectiveBandwidthBytesPerSecond is null ? "network.bandwidth" : "host.effective-bandwidth", host.EffectiveBandwidthBytesPerSecond ?? input.Link.BandwidthBytesPerSecond),
            ("migration.max-bandwidth", input.Parameters.MaxBandwidthBytesPerSecond),
        };
        if (host.StoppedBandwidthBytesPerSecond is { } stopped) rates.Add(("host.stopped-bandwidth", stopped));
        // Whatever the policy: a postcopy rate this slow is no setting anyone means, and the check needs no policy.
        rates.Add(("migration.max-postcopy-bandwidth", input.Parameters.MaxPostcopyBandwidthBytesPerSecond));
        var slowest = rates.MinBy(r => r.BytesPerSecond);
        double bytes = Math.Max(guest.MemoryBytes, host.SocketBufferBytes);
        if (bytes / slowest.BytesPerSecond > MaxDuration.Seconds)
            return (slowest.Key, $"at {Bytes(slowest.BytesPerSecond)}/s, sending {Bytes(bytes)} takes {bytes / slowest.BytesPerSecond / 3600:0.#e0} h; " +
                                 $"at most {MaxDuration.Seconds / 3600:0} h: raise the rate");

        double samples = input.Parameters.MaxTime.Nanoseconds / (double)input.SampleInterval.Nanoseconds;
        if (samples > MaxSamples)
            return ("simulation.sample-interval",
                $"{input.SampleInterval} over max-time {input.Parameters.MaxTime} can give {samples.ToString("N0", c)} timeline samples; at most {MaxSamples.ToString("N0", c)}: " +
                $"set sample-interval to at least {new SimTime((long)Math.Ceiling(input.Parameters.MaxTime.Nanoseconds / (double)MaxSamples))} or lower migration.max-time");
        return null;
    }

    /// <summary>Throws the <see cref="Problem"/> of <paramref name="input"/>, if any, as a <see cref="ScenarioException"/> about <paramref name="file"/>.</summary>
    /// <param name="input">The input to check.</param>
    /// <param name="file">The file it came from, named in the error.</param>
    /// <param name="locate">Line and column of a dotted key in the file, when known.</param>
    /// <param name="origin">Where the values came from besides the file, e.g. "(host constants from --profile p.yaml)".</param>
    public static void Check(SimulationInput input, string file, Func<string, (int Line, int Column)>? locate = null, string? origin = null)
    {
        if (Problem(input) is not { } p) return;
        var (line, column) = locate?.Invoke(p.Key) ?? (0, 0);
        throw new ScenarioException(file, line, column, p.Key, origin is null ? p.Problem : $"{p.Problem} {origin}");
    }

    /// <summary>
    /// A generous estimate of one simulation's peak memory (bytes): a base of 64 MiB, the page
    /// bitmaps (half a byte a page, as measured up to 4 TiB guests) and the timeline.
    /// </summary>
    public static long EstimatedPeakBytes(SimulationInput input)
    {
        double samples = Math.Min(MaxSamples, input.Parameters.MaxTime.Nanoseconds / (double)input.SampleInterval.Nanoseconds);
        return (64L << 20) + input.Guest.Pages / 2 + (long)(samples * 270);
    }

    /// <summary>The number of parallel jobs that fit <see cref="ParallelMemoryBudgetBytes"/> for runs of <paramref name="peakBytes"/> each (at least 1).</summary>
    public static int JobsWithinBudget(int requested, long peakBytes) =>
        (int)Math.Clamp(ParallelMemoryBudgetBytes / Math.Max(1, peakBytes), 1, requested);

    /// <summary>Bytes in binary units for messages, e.g. "4 GiB", "1.5 MiB".</summary>
    public static string Bytes(double bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB", "PiB", "EiB"];
        int u = 0;
        while (Math.Abs(bytes) >= 1024 && u < units.Length - 1) { bytes /= 1024; u++; }
        return bytes.ToString("0.##", CultureInfo.InvariantCulture) + " " + units[u];
    }
}
