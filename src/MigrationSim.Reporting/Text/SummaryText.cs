using System.Globalization;
using System.Text;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;
using MigrationSim.Model.Text;

namespace MigrationSim.Reporting.Text;

/// <summary>The readable summary `migsim run` prints: every figure with its unit.</summary>
public static class SummaryText
{
    public static string Format(SimulationInput input, MigrationResult result)
    {
        var s = result.Summary;
        var b = new StringBuilder();
        var C = CultureInfo.InvariantCulture;
        b.AppendLine($"{s.Scenario}: {s.Type} {s.Policy}, {Quantity.Bytes(input.Guest.MemoryBytes)} guest, {input.Workload.Describe(input.Guest.PageSizeBytes)}");
        b.AppendLine($"  link {Quantity.Rate(input.Link.BandwidthBytesPerSecond)}, max-bandwidth {Quantity.Rate(input.Parameters.MaxBandwidthBytesPerSecond)}, downtime-limit {input.Parameters.DowntimeLimit}");
        void Row(string name, string value) => b.AppendLine($"  {name,-22} {value}");
        // A metric's own row: its description and its value in its unit.
        void Figure(Metric m) => Row(m.Description, m.Read(s) is { } v ? m.Show(v) : "none");
        Row("outcome", s.Converged ? $"{s.Status}: {s.Outcome}" : $"{s.Status}: NOT CONVERGED ({s.Outcome})");
        if (input.Type != MigrationType.Offline)
            Row("iterations", $"{s.DirtySyncCount} (dirty-sync-count)");
        Figure(Metrics.TotalTime);
        Row(Metrics.Downtime.Description, s.DowntimeMs is { } d ? Metrics.Downtime.Show(d)
            : input.Type == MigrationType.Offline ? "none: the guest stays shut off" : "none: cancelled, the guest keeps running on the source");
        if (input.Type == MigrationType.Offline) return b.ToString();
        if (s.GuestPauseMs is { } pause)
            Row(Metrics.GuestPause.Description, $"{Metrics.GuestPause.Show(pause)} (stop on the source to running on the destination; QEMU's downtime ends at the last byte sent)");
        Figure(Metrics.SetupTime);
        Row("transferred", $"{Quantity.Bytes(s.Transferred)} ({s.Transferred.ToString("N0", C)} B) of {Quantity.Bytes(s.RamTotal)} RAM");
        Row("pages", $"{Quantity.Count(s.Normal)} normal ({Quantity.Bytes(s.NormalBytes)}), {Quantity.Count(s.Duplicate)} zero (duplicate)");
        if (s.XbzrlePages is { } xp)
            Row("xbzrle", $"{Metrics.XbzrlePages.Show(xp)} from the cache ({Metrics.XbzrleBytes.Show(s.XbzrleBytes ?? 0)} encoded, {Quantity.Count(s.XbzrleOverflow ?? 0)} overflowed), " +
                          $"{Metrics.XbzrleCacheMiss.Show(s.XbzrleCacheMiss ?? 0)} missed the cache");
        if (s.MultifdBytes is { } mb)
            Row("multifd", $"{Metrics.MultifdBytes.Show(mb)} over the channels");
        Row("precopy / downtime", $"{Quantity.Bytes(s.PrecopyBytes)} / {Quantity.Bytes(s.DowntimeBytes)}");
        Figure(Metrics.Mbps);
        Figure(Metrics.CpuThrottlePercentage);
        if (s.SwitchTimeMs is { } sw)
        {
            Row("postcopy switch", $"at {Quantity.Milliseconds(sw)} ({s.SwitchRule})");
            Row("precopy / postcopy", $"{Quantity.Bytes(s.PrecopyBytes)} / {Quantity.Bytes(s.PostcopyBytes)}");
            Row("page faults", s.Faults == 0 ? "none"
                : $"{s.Faults} ({s.PostcopyRequests} requests), latency p50 {Quantity.Milliseconds(s.FaultLatencyP50Ms!.Value)}, p99 {Quantity.Milliseconds(s.FaultLatencyP99Ms!.Value)}, max {Quantity.Milliseconds(s.FaultLatencyMaxMs!.Value)}"
                  + (s.FaultsCsvOneIn is > 1 and var n ? $"; faults.csv keeps 1 in {n} (--every-fault for all)" : ""));
            Figure(Metrics.VcpuBlocked);
            if (s.ExposureWindowMs is { } exp)
                Row("exposure window", $"{Quantity.Milliseconds(exp)} (state split between hosts: losing either loses the guest)");
        }
        Row("guest progress", $"{s.GuestProgress:P1} of the work it would have done without migration");
        return b.ToString();
    }
}
