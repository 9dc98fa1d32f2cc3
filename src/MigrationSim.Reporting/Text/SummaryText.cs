using System.Globalization;
using System.Text;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Reporting.Text;

/// <summary>The readable summary `migsim run` prints: every figure with its unit.</summary>
public static class SummaryText
{
    public static string Format(SimulationInput input, MigrationResult result)
    {
        var s = result.Summary;
        var b = new StringBuilder();
        var C = CultureInfo.InvariantCulture;
        b.AppendLine($"{s.Scenario}: {s.Type} {s.Policy}, {Quantity.Bytes(input.Guest.MemoryBytes)} guest, {Describe(input.Workload, input.Guest.PageSizeBytes)}");
        b.AppendLine($"  link {Quantity.Rate(input.Link.BandwidthBytesPerSecond)}, max-bandwidth {Quantity.Rate(input.Parameters.MaxBandwidthBytesPerSecond)}, downtime-limit {input.Parameters.DowntimeLimit}");
        void Row(string name, string value) => b.AppendLine($"  {name,-22} {value}");
        Row("outcome", s.Converged ? $"{s.Status}: {s.Outcome}" : $"{s.Status}: NOT CONVERGED ({s.Outcome})");
        if (input.Type != MigrationType.Offline)
            Row("iterations", $"{s.DirtySyncCount} (dirty-sync-count)");
        Row("total time", Quantity.Milliseconds(s.TotalTimeMs));
        Row("downtime", s.DowntimeMs is { } d ? Quantity.Milliseconds(d)
            : input.Type == MigrationType.Offline ? "none: the guest stays shut off" : "none: cancelled, the guest keeps running on the source");
        if (input.Type == MigrationType.Offline) return b.ToString();
        if (s.GuestPauseMs is { } pause)
            Row("guest pause", $"{Quantity.Milliseconds(pause)} (stop on the source to running on the destination; QEMU's downtime ends at the last byte sent)");
        Row("setup time", Quantity.Milliseconds(s.SetupTimeMs));
        Row("transferred", $"{Quantity.Bytes(s.Transferred)} ({s.Transferred.ToString("N0", C)} B) of {Quantity.Bytes(s.RamTotal)} RAM");
        Row("pages", $"{Quantity.Count(s.Normal)} normal ({Quantity.Bytes(s.NormalBytes)}), {Quantity.Count(s.Duplicate)} zero (duplicate)");
        if (s.XbzrlePages is { } xp)
            Row("xbzrle", $"{Quantity.Count(xp)} pages from the cache ({Quantity.Bytes(s.XbzrleBytes ?? 0)} encoded, {Quantity.Count(s.XbzrleOverflow ?? 0)} overflowed), {Quantity.Count(s.XbzrleCacheMiss ?? 0)} cache misses");
        Row("precopy / downtime", $"{Quantity.Bytes(s.PrecopyBytes)} / {Quantity.Bytes(s.DowntimeBytes)}");
        Row("throughput", $"{s.Mbps.ToString("0.#", C)} Mbit/s");
        Row("cpu throttle", $"{s.CpuThrottlePercentage} %");
        if (s.SwitchTimeMs is { } sw)
        {
            Row("postcopy switch", $"at {Quantity.Milliseconds(sw)} ({s.SwitchRule})");
            Row("precopy / postcopy", $"{Quantity.Bytes(s.PrecopyBytes)} / {Quantity.Bytes(s.PostcopyBytes)}");
            Row("page faults", s.Faults == 0 ? "none"
                : $"{s.Faults} ({s.PostcopyRequests} requests), latency p50 {Quantity.Milliseconds(s.FaultLatencyP50Ms!.Value)}, p99 {Quantity.Milliseconds(s.FaultLatencyP99Ms!.Value)}, max {Quantity.Milliseconds(s.FaultLatencyMaxMs!.Value)}");
            Row("vCPU blocked", Quantity.Milliseconds(s.VcpuBlockedMs));
            if (s.ExposureWindowMs is { } exp)
                Row("exposure window", $"{Quantity.Milliseconds(exp)} (state split between hosts: losing either loses the guest)");
        }
        Row("guest progress", $"{s.GuestProgress:P1} of the work it would have done without migration");
        return b.ToString();
    }

    public static string Describe(WorkloadSpec w, int pageSize) => w switch
    {
        IdleWorkloadSpec => "idle",
        UniformWorkloadSpec u => $"uniform {Rate(u.RatePagesPerSecond)} over {Quantity.Bytes(u.Pages * (double)pageSize)}",
        HotspotWorkloadSpec h => $"hotspot {Rate(h.RatePagesPerSecond)} over {Quantity.Bytes(h.Pages * (double)pageSize)} ({h.HotShare:P0} of writes to {h.HotFraction:P0})",
        SequentialWorkloadSpec q => $"sequential {Rate(q.RatePagesPerSecond)} over {Quantity.Bytes(q.Pages * (double)pageSize)}",
        ZipfWorkloadSpec z => $"zipf(s={z.Exponent}) {Rate(z.RatePagesPerSecond)} over {Quantity.Bytes(z.Pages * (double)pageSize)}",
        PhasedWorkloadSpec p => $"phased ({p.Phases.Count} phases, mean {Rate(p.MeanRatePagesPerSecond)})",
        _ => w.GetType().Name,
    };

    private static string Rate(double pagesPerSecond) => $"{Quantity.Count(pagesPerSecond)} pages/s";
}
