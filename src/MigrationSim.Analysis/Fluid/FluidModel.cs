using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Analysis.Fluid;

/// <summary>
/// The closed-form baseline the page-level simulator must beat: QEMU's stop rule, zero pages,
/// the resident footprint and re-dirtying by occupancy (W(1 - e^(-r t / W)) distinct pages after
/// t seconds of r uniform writes over W pages), pass by pass, with no pages, events or
/// randomness. Postcopy: the remaining bytes at the postcopy rate, and faults from a missing
/// access mass that falls linearly while each fault stalls the vCPU for one service time.
/// It is also a fast estimator for very large sweeps.
/// </summary>
public static class FluidModel
{
    public static FluidPrediction Predict(SimulationInput input)
    {
        var g = input.Guest;
        var h = input.Host;
        var p = input.Parameters;
        double pageSize = g.PageSizeBytes;
        double normal = pageSize + h.PageHeaderBytes;
        double zero = h.PageHeaderBytes + h.ZeroPagePayloadBytes;
        double link = h.EffectiveBandwidthBytesPerSecond ?? input.Link.BandwidthBytesPerSecond;
        double stopped = h.StoppedBandwidthBytesPerSecond ?? link;
        double rate = Math.Min(p.MaxBandwidthBytesPerSecond, link);
        long ws = input.Workload.WorkingSetPages;
        var layout = MigrationSim.Model.Memory.MemoryLayout.For(g, h, ws);
        // A normal page: the bytes QEMU counts, and the seconds it takes (the wire, or the rate limit).
        double normalCounted = normal, normalSeconds = normal / rate, normalStoppedSeconds = normal / stopped;
        double threshold = rate * p.DowntimeLimit.Seconds;
        bool compressed = false;
        if (p.Multifd is { } m && h.CompressionFor(m, g.PageSizeBytes) is { } c)
        {
            // multifd compression: the non-zero pages' average compressed size plus a packet header's
            // share, and the channels' CPU per page; 10.0 counts the compressed bytes, 7.2 the full page.
            double programShare = Math.Min(1, layout.ProgramPages / (double)Math.Max(1, layout.NonZeroPages));
            double wire = programShare * c.ProgramPageBytes + (1 - programShare) * c.ImagePageBytes
                + QemuBehaviour.For(h.Qemu).MultifdPacketHeaderBytes / (double)QemuBehaviour.MultifdPagesPerPacket;
            double cpu = c.PageTime.Seconds / h.MultifdSpeedup(p);
            normalCounted = QemuBehaviour.For(h.Qemu).MultifdCountsCompressedBytes ? wire : normal;
            normalSeconds = Math.Max(normalCounted / p.MaxBandwidthBytesPerSecond, wire / link + cpu);
            normalStoppedSeconds = wire / stopped + cpu;
            threshold = normalCounted / normalSeconds * p.DowntimeLimit.Seconds; // the bandwidth QEMU measures
            compressed = true;
        }
        long residentPages = layout.ImagePages > 0 ? layout.ImagePages : layout.WorkingSetStart;
        long nonZero = layout.NonZeroPages;
        long zeroPages = g.Pages - nonZero;
        var ac = new AutoConverge(p.AutoConverge);

        double t = h.SetupTime.Seconds;
        double bytes = nonZero * normalCounted + zeroPages * zero;
        double pass = compressed ? nonZero * normalSeconds + zeroPages * zero / rate : bytes / rate;
        t += pass;
        long syncs = 2; // setup, then the sync once the bulk pass falls below the threshold
        double pending = Distinct(input, residentPages, pass, 1);
        // The fluid baseline follows what real QEMU does for the policy; a policy QEMU cannot run has no baseline.
        SwitchRule? rule = (input.Policy.Qemu ?? throw new NotSupportedException(
            $"the fluid model approximates QEMU's own policies only; policy {input.Policy.Name} has no QEMU recipe")).Switch;
        if (rule is { AfterIterations: 0 })
            return Postcopy(input, h.SetupTime.Seconds, syncs - 1, 0, nonZero, zeroPages, 1.0, normal, zero, link);

        while (true)
        {
            if (pending * pageSize < threshold)
            {
                double downtimeBytes = pending * normalCounted;
                double downtime = (compressed ? pending * normalStoppedSeconds : downtimeBytes / stopped) + h.SwitchoverCost.Seconds;
                return new FluidPrediction(true, (t + downtime) * 1000, downtime * 1000, bytes + downtimeBytes, syncs + 1, 0);
            }
            bool fire = rule is not null && ((rule.AfterIterations is { } n && syncs > n) || (rule.AfterTime is { } at && t >= at.Seconds));
            if (fire)
            {
                long missingWs = (long)Math.Min(pending, ws);
                return Postcopy(input, t, syncs + 1, bytes, (long)pending, 0, ws == 0 ? 0 : missingWs / (double)ws, normal, zero, link);
            }
            if (t >= p.MaxTime.Seconds || (p.MaxIterations > 0 && syncs >= p.MaxIterations))
                return new FluidPrediction(false, Math.Min(t, p.MaxTime.Seconds) * 1000, null, bytes, syncs, 0);
            double sent = pending * normalCounted;
            pass = compressed ? pending * normalSeconds : sent / rate;
            bytes += sent;
            t += pass;
            double dirtied = Distinct(input, residentPages, pass, ThrottleResponse.RateFactor(input.Workload, ac.ThrottlePercent));
            if (pass > 1) ac.OnPeriod(dirtied * pageSize, sent);
            pending = dirtied;
            syncs++;
        }
    }

    private static FluidPrediction Postcopy(SimulationInput input, double switchAt, long syncs, double bytesBefore,
        long missingNonZero, long missingZero, double missingAccessMass, double normal, double zero, double link)
    {
        var h = input.Host;
        double postRate = Math.Min(input.Parameters.MaxPostcopyBandwidthBytesPerSecond, link);
        double remaining = missingNonZero * normal + missingZero * zero;
        double tp = remaining / postRate;
        double downtime = h.SwitchoverCost.Seconds + input.Link.Latency.Seconds;
        double accesses = input.Workload.MeanRatePagesPerSecond / (1 - input.Workload.ReadRatio);
        double maxPostcopy = input.Parameters.MaxPostcopyBandwidthBytesPerSecond;
        // Under a limit a request that finds the window's budget spent waits for the window to reset.
        double cost = 2 * input.Link.Latency.Seconds + normal / link + h.FaultServiceTimeFor(maxPostcopy).Seconds
                      + RateLimiter.MeanWaitForResetSeconds(maxPostcopy, link);
        double requests;
        double x = accesses * missingAccessMass * cost;
        if (cost <= 0 || x < 1e-9) requests = tp * accesses * missingAccessMass / 2;
        else requests = tp / cost * (1 - Math.Log(1 + x) / x);
        double total = switchAt + downtime + tp;
        return new FluidPrediction(true, total * 1000, downtime * 1000, bytesBefore + remaining, syncs, requests);
    }

    /// <summary>Expected distinct pages dirtied in <paramref name="seconds"/> (occupancy), the guest kernel's background writes included.</summary>
    public static double Distinct(SimulationInput input, long residentPages, double seconds, double speed)
    {
        double background = input.Host.BackgroundDirtyRatePagesPerSecond;
        double d = background > 0 && residentPages > 0 ? Occupancy.DistinctPages(residentPages, background * speed * seconds) : 0;
        // Each workload kind states its own approximation (or that it has none).
        return d + input.Workload.FluidDistinctPages(speed * seconds);
    }
}
