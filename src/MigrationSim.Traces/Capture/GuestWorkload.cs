using System.Globalization;
using System.Text;

namespace MigrationSim.Traces.Capture;

/// <summary>
/// What the guest's /init does after boot, passed on the kernel command line as migsim.* words
/// (see guest/workload.c). Sizes are 4096-byte pages; rates are page writes per second.
/// </summary>
public sealed record GuestWorkload
{
    public GuestWorkloadKind Kind { get; init; } = GuestWorkloadKind.Idle;
    public long WorkingSetPages { get; init; }
    public double RatePagesPerSecond { get; init; }
    /// <summary>Extra memory filled with non-zero data once and then left alone.</summary>
    public long ResidentPages { get; init; }
    /// <summary>Hotspot: the first HotFraction x ws pages are the hot ones.</summary>
    public double HotFraction { get; init; } = 0.1;
    /// <summary>Hotspot: share of writes that go to the hot pages.</summary>
    public double HotShare { get; init; } = 0.9;
    /// <summary>Zipf: rank r (1-based, page r-1) has probability proportional to r^-ZipfExponent.</summary>
    public double ZipfExponent { get; init; } = 1.0;
    public IReadOnlyList<GuestWorkloadPhase> Phases { get; init; } = [];
    public ulong Seed { get; init; } = 1;
    /// <summary>How far behind schedule the writer catches up after a stall; longer stalls lose writes. Null = guest default (100 ms).</summary>
    public double? MaxLagMs { get; init; }
    /// <summary>Bytes one write changes in its page: a multiple of 8 from 8 (one counter word, the default) to 4096 (the whole page).</summary>
    public int WriteBytes { get; init; } = DefaultWriteBytes;

    /// <summary>What the guest program writes when told nothing: one 8-byte counter.</summary>
    public const int DefaultWriteBytes = 8;

    /// <summary>The migsim.* words, space-separated, invariant culture.</summary>
    public string ToKernelArguments()
    {
        var sb = new StringBuilder();
        void Add(string key, string value) => sb.Append(sb.Length == 0 ? "" : " ").Append("migsim.").Append(key).Append('=').Append(value);
        static string F(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        static string Name(GuestWorkloadKind k) => k.ToString().ToLowerInvariant();

        Add("kind", Name(Kind));
        Add("ws", WorkingSetPages.ToString(CultureInfo.InvariantCulture));
        Add("rate", F(RatePagesPerSecond));
        Add("resident", ResidentPages.ToString(CultureInfo.InvariantCulture));
        if (Kind == GuestWorkloadKind.Hotspot)
        {
            Add("hot_frac", F(HotFraction));
            Add("hot_share", F(HotShare));
        }

        if (Kind == GuestWorkloadKind.Zipf)
            Add("zipf_s", F(ZipfExponent));
        if (Kind == GuestWorkloadKind.Phased)
            Add("phases", string.Join(',', Phases.Select(p => $"{Name(p.Kind)}:{F(p.Seconds)}:{F(p.RatePagesPerSecond)}")));
        Add("seed", Seed.ToString(CultureInfo.InvariantCulture));
        if (MaxLagMs is { } lag)
            Add("max_lag_ms", F(lag));
        if (WriteBytes != DefaultWriteBytes)
            Add("write_bytes", WriteBytes.ToString(CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate(long guestMemoryBytes)
    {
        if (WorkingSetPages < 0 || ResidentPages < 0)
            throw new ArgumentException("GuestWorkload: WorkingSetPages and ResidentPages must be >= 0");
        if (Kind is not GuestWorkloadKind.Idle && WorkingSetPages == 0)
            throw new ArgumentException($"GuestWorkload: kind {Kind} needs WorkingSetPages > 0");
        if (RatePagesPerSecond < 0 || double.IsNaN(RatePagesPerSecond))
            throw new ArgumentException("GuestWorkload: RatePagesPerSecond must be >= 0");
        if (Kind == GuestWorkloadKind.Phased && Phases.Count == 0)
            throw new ArgumentException("GuestWorkload: kind Phased needs at least one phase");
        if (Phases.Any(p => p.Kind is not (GuestWorkloadKind.Idle or GuestWorkloadKind.Uniform or GuestWorkloadKind.Sequential) || p.Seconds <= 0))
            throw new ArgumentException("GuestWorkload: phases must be Idle, Uniform or Sequential with Seconds > 0");
        if (WriteBytes is < 8 or > 4096 || WriteBytes % 8 != 0)
            throw new ArgumentException($"GuestWorkload: WriteBytes {WriteBytes} must be a multiple of 8 from 8 to 4096");
        if (HotFraction is <= 0 or > 1 || HotShare is < 0 or > 1)
            throw new ArgumentException("GuestWorkload: HotFraction must be in (0,1] and HotShare in [0,1]");
        long bytes = (WorkingSetPages + ResidentPages) * 4096;
        if (bytes > guestMemoryBytes * 0.8)
            throw new ArgumentException(
                $"GuestWorkload: working set + resident = {bytes} bytes does not fit in {guestMemoryBytes} bytes of guest RAM with room for the kernel (max 80%)");
    }
}
