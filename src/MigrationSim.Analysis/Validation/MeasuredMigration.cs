using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;

namespace MigrationSim.Analysis.Validation;

/// <summary>
/// One real migration as captured: the scenario it realised (as a simulation input, before any
/// host profile), its final query-migrate figures, and its samples. Times in ms, sizes in bytes.
/// </summary>
public sealed record MeasuredMigration
{
    public required string Name { get; init; }
    public required SimulationInput Input { get; init; }
    public required string Status { get; init; }
    public bool Converged => Status == MigrationStatus.Completed;
    public double TotalTimeMs { get; init; }
    public double? DowntimeMs { get; init; }
    /// <summary>STOP on the source to RESUME on the destination (QEMU's event timestamps); null when the guest did not move.</summary>
    public double? GuestPauseMs { get; init; }
    public double SetupTimeMs { get; init; }
    public long Transferred { get; init; }
    public long Normal { get; init; }
    public long Duplicate { get; init; }
    public long DowntimeBytes { get; init; }
    public long PrecopyBytes { get; init; }
    public long DirtySyncCount { get; init; }
    public long PostcopyRequests { get; init; }
    public long RamTotal { get; init; }
    public double? PostcopySwitchMs { get; init; }

    /// <summary>"tcg" or "kvm", and QEMU's version string, as the capture recorded them.</summary>
    public string Accelerator { get; init; } = "";
    public string QemuVersion { get; init; } = "";
    public IReadOnlyList<MigrationSample> Samples { get; init; } = [];

    /// <summary>
    /// The capture's final figures in the simulator's record, under the same query-migrate names,
    /// so that every <see cref="Metric"/> reads a capture as it reads a simulation. Figures
    /// query-migrate does not report (<see cref="Metric.InQueryMigrate"/> false) stay at their defaults,
    /// but for the guest pause, which the capture times from QMP events.
    /// </summary>
    public MigrationSummary Figures => new()
    {
        Scenario = Name,
        Type = Input.Type.ToString().ToLowerInvariant(),
        Policy = Policy,
        Seed = Input.Seed,
        Status = Status,
        Converged = Converged,
        Outcome = Status,
        DirtySyncCount = DirtySyncCount,
        TotalTimeMs = TotalTimeMs,
        DowntimeMs = DowntimeMs,
        SetupTimeMs = SetupTimeMs,
        RamTotal = RamTotal,
        Transferred = Transferred,
        Normal = Normal,
        Duplicate = Duplicate,
        PrecopyBytes = PrecopyBytes,
        DowntimeBytes = DowntimeBytes,
        PostcopyRequests = PostcopyRequests,
        SwitchTimeMs = PostcopySwitchMs,
        GuestPauseMs = GuestPauseMs,
    };

    /// <summary>The capture's name without its repeat suffix ("-r2"): repeats of one scenario share it.</summary>
    public string ScenarioKey => System.Text.RegularExpressions.Regex.Replace(Name, @"-r\d+$", "");

    public string Policy => Input.Policy.Name;

    /// <summary>The measured value of <paramref name="m"/> (null when the capture has none).</summary>
    public double? Value(Metric m) => Prediction.From(this).Value(m);

    /// <summary>Whether the capture turns on a migration feature (multifd, xbzrle, avail-switchover-bandwidth, dirty-limit, zero-page-detection): calibration fits only that feature's constants from it.</summary>
    public bool UsesFeatures => TurnsOnFeatures(Input.Parameters);

    /// <summary>Whether <paramref name="p"/> turns on a migration feature (multifd, xbzrle, avail-switchover-bandwidth, dirty-limit, zero-page-detection).</summary>
    public static bool TurnsOnFeatures(MigrationParameters p)
    {
        ArgumentNullException.ThrowIfNull(p);
        return p.Multifd is not null || p.Xbzrle is not null || p.AvailSwitchoverBandwidthBytesPerSecond is not null || p.DirtyLimit is not null || p.ZeroPageDetection is not null;
    }

    /// <summary>
    /// The group a trace is judged in: its policy, then the features it turns on ("precopy+xbzrle",
    /// "precopy+multifd"), and ", cancelled" for a precopy stopped at max-time, whose time error is
    /// zero by construction and must not flatter the converged ones.
    /// </summary>
    public string Group
    {
        get
        {
            var p = Input.Parameters;
            string g = Policy;
            if (p.Xbzrle is not null) g += "+xbzrle";
            if (p.Multifd is { } m) g += m.Compression == MultifdCompression.None ? "+multifd" : "+multifd-" + m.Compression.ToString().ToLowerInvariant();
            if (p.AvailSwitchoverBandwidthBytesPerSecond is not null) g += "+avail-switchover-bandwidth";
            if (!Input.Policy.UsesPostcopy && !Converged) g += ", cancelled";
            return g;
        }
    }
}
