using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Analysis.DirtyRate;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Analysis.Tests.DirtyRate;

public class MeasuredWorkloadTests
{
    /// <summary>Inverting QEMU's distinct-page count gives back the write rate that produced it.</summary>
    [Property(MaxTest = 300)]
    public Property The_write_rate_round_trips_through_the_distinct_page_count()
    {
        var gen = from ws in Gen.Choose(1_000, 4_000_000)
                  from fraction in Gen.Choose(1, 400)
                  from calc in Gen.Choose(1, 10)
                  select (Ws: (long)ws, Rate: ws * fraction / 100.0 / calc, Calc: (double)calc);
        return Prop.ForAll(gen.ToArbitrary(), c =>
        {
            double measured = MeasuredWorkload.MeasuredPagesPerSecond(c.Rate, c.Ws, c.Calc);
            var (rate, saturated) = MeasuredWorkload.WriteRate(measured, c.Ws, c.Calc);
            // Covering 99% of the set or more is reported as saturated with the 99% rate (a lower bound).
            return saturated ? c.Rate * c.Calc / c.Ws >= -Math.Log(0.01) - 1e-6 && rate <= c.Rate * (1 + 1e-9)
                             : Math.Abs(rate - c.Rate) <= 1e-6 * c.Rate;
        });
    }

    [Fact]
    public void A_measured_rate_becomes_a_uniform_writer_over_the_working_set()
    {
        // 32 MiB/s over 1 s = 8192 distinct pages of a 32768-page set: a quarter covered, so r = -32768 ln(3/4) = 9426.7 pages/s.
        var input = new SimulationInput
        {
            Guest = new GuestSpec(256L << 20, 4096, 32L << 20),
            Workload = new HotspotWorkloadSpec(32768, 100, 0.1, 0.9) { ReadRatio = 0.5 },
            Link = new Link(1.25e9, SimTime.FromMicroseconds(100)),
        };
        var r = MeasuredWorkload.Apply(input, new DirtyRateMeasurement(32, 1, "page-sampling", "QMP query-dirty-rate"));
        var w = Assert.IsType<UniformWorkloadSpec>(r.Input.Workload);
        Assert.Equal(32768, w.Pages);
        Assert.Equal(-32768 * Math.Log(0.75), w.RatePagesPerSecond, 6);
        Assert.Equal(0.5, w.ReadRatio);
        Assert.False(r.Saturated);
        Assert.Contains("9427 pages/s over 128 MiB", r.Description);

        var idle = MeasuredWorkload.Apply(input with { Workload = new IdleWorkloadSpec() }, new DirtyRateMeasurement(500, 1, "page-sampling", "virsh"));
        Assert.True(idle.Saturated);
        Assert.Equal(224L << 8, Assert.IsType<UniformWorkloadSpec>(idle.Input.Workload).Pages);
        Assert.Contains("lower bound", idle.Description);
    }
}
