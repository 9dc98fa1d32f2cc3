using System.Globalization;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Analysis.DirtyRate;

/// <summary>
/// Turns a measured dirty rate into the scenario's workload. QEMU counts each page dirtied during
/// the calc-time window T once, so for a writer spread uniformly over W pages at r writes/s the
/// measured rate is D = W (1 - exp(-r T / W)) / T pages/s; inverted, r = -(W / T) ln(1 - D T / W).
/// W is the scenario's working set (else the guest's memory less its resident pages). When D T
/// reaches W, every page was dirtied within the window and the rate is only known to be at least
/// the one that dirties 99% of W in T, which is then used (and said).
/// </summary>
public static class MeasuredWorkload
{
    /// <summary>Share of the working set a saturated measurement is taken to have covered.</summary>
    public const double SaturatedCoverage = 0.99;

    public sealed record Result(SimulationInput Input, double WriteRatePagesPerSecond, bool Saturated, string Description);

    /// <summary>Distinct pages per second QEMU reports for a uniform writer (the forward model), pages/s.</summary>
    public static double MeasuredPagesPerSecond(double writeRatePagesPerSecond, long workingSetPages, double calcTimeSeconds) =>
        workingSetPages * -MathNet.Numerics.SpecialFunctions.Expm1(-writeRatePagesPerSecond * calcTimeSeconds / workingSetPages) / calcTimeSeconds;

    /// <summary>The uniform write rate (pages/s) that QEMU would report as <paramref name="measuredPagesPerSecond"/>; saturated when it covers the whole set.</summary>
    public static (double RatePagesPerSecond, bool Saturated) WriteRate(double measuredPagesPerSecond, long workingSetPages, double calcTimeSeconds)
    {
        double covered = measuredPagesPerSecond * calcTimeSeconds / workingSetPages;
        if (covered >= SaturatedCoverage) return (-Math.Log(1 - SaturatedCoverage) * workingSetPages / calcTimeSeconds, true);
        return (-Math.Log(1 - covered) * workingSetPages / calcTimeSeconds, false);
    }

    public static Result Apply(SimulationInput input, DirtyRateMeasurement m)
    {
        var c = CultureInfo.InvariantCulture;
        long pageSize = input.Guest.PageSizeBytes;
        long ws = input.Workload.WorkingSetPages > 0 ? input.Workload.WorkingSetPages : Math.Max(1, input.Guest.Pages - input.Guest.ResidentPages);
        double measuredPages = m.BytesPerSecond / pageSize;
        var old = input.Workload;
        if (measuredPages <= 0)
            return new Result(input with { Workload = new IdleWorkloadSpec() }, 0, false,
                $"{m.Source}: 0 MiB/s over {m.CalcTimeSeconds.ToString("0.###", c)} s ({m.Mode}): an idle guest");
        var (rate, saturated) = WriteRate(measuredPages, ws, m.CalcTimeSeconds);
        var workload = new UniformWorkloadSpec(ws, rate) { ReadRatio = old.ReadRatio, Pacing = old.Pacing, MaxLagSeconds = old.MaxLagSeconds, MaxRatePagesPerSecond = old.MaxRatePagesPerSecond };
        string wsText = $"{(ws * pageSize / (double)(1 << 20)).ToString("0.#", c)} MiB";
        string text = $"{m.Source}: {m.DirtyRateMiBPerSecond.ToString("0.##", c)} MiB/s of distinct pages over {m.CalcTimeSeconds.ToString("0.###", c)} s ({m.Mode}) " +
                      $"-> uniform writer at {(saturated ? "at least " : "")}{rate.ToString("0", c)} pages/s over {wsText}" +
                      (saturated ? " (every page of the working set was dirtied within the window: the rate is a lower bound; measure with a shorter calc-time)" : "");
        return new Result(input with { Workload = workload }, rate, saturated, text);
    }

    /// <summary>The same guest writing at <paramref name="ratePagesPerSecond"/>: its own pattern at that rate; an idle or phased guest becomes a uniform writer over its working set.</summary>
    public static SimulationInput WithRate(SimulationInput input, double ratePagesPerSecond)
    {
        var old = input.Workload;
        long ws = old.WorkingSetPages > 0 ? old.WorkingSetPages : Math.Max(1, input.Guest.Pages - input.Guest.ResidentPages);
        WorkloadSpec w = old switch
        {
            UniformWorkloadSpec u => u with { RatePagesPerSecond = ratePagesPerSecond },
            SequentialWorkloadSpec s => s with { RatePagesPerSecond = ratePagesPerSecond },
            HotspotWorkloadSpec h => h with { RatePagesPerSecond = ratePagesPerSecond },
            ZipfWorkloadSpec z => z with { RatePagesPerSecond = ratePagesPerSecond },
            _ => new UniformWorkloadSpec(ws, ratePagesPerSecond) { ReadRatio = old.ReadRatio, Pacing = old.Pacing },
        };
        return input with { Workload = w };
    }
}
