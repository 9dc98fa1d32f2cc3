using MigrationSim.Analysis.Fluid;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Network;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Analysis.Tests;

public class FluidModelTests
{
    private static SimulationInput Input(WorkloadSpec w, double maxBandwidth, long memory = 1L << 30) => new()
    {
        Guest = new GuestSpec(memory, 4096, 64L << 20),
        Workload = w,
        Link = new Link(1.25e9, SimTime.FromMicroseconds(100)),
        Parameters = new MigrationParameters { MaxBandwidthBytesPerSecond = maxBandwidth, MaxTime = SimTime.FromSeconds(600) },
    };

    [Fact]
    public void Idle_guest_is_one_bulk_pass()
    {
        var f = FluidModel.Predict(Input(new IdleWorkloadSpec(), 64 << 20));
        long pages = (1L << 30) / 4096, resident = (64L << 20) / 4096;
        double bytes = resident * 4104.0 + (pages - resident) * 9.0;
        Assert.True(f.Converged);
        Assert.Equal(bytes, f.Transferred, 1);
        Assert.Equal(10 + bytes / (64 << 20) * 1000 + 5, f.TotalTimeMs, 3);
        Assert.Equal(3, f.DirtySyncCount);
    }

    [Fact]
    public void A_writer_faster_than_the_rate_limit_does_not_converge()
    {
        var f = FluidModel.Predict(Input(new SequentialWorkloadSpec(100_000, 20_000), 32 << 20));
        Assert.False(f.Converged);
        Assert.Equal(600_000, f.TotalTimeMs, 1);
    }

    [Fact]
    public void The_fluid_model_and_the_simulator_agree_on_a_uniform_writer()
    {
        var input = Input(new UniformWorkloadSpec(65536, 4000), 64 << 20);
        var f = FluidModel.Predict(input);
        var s = MigrationSimulation.Run(input).Summary;
        Assert.InRange(f.TotalTimeMs, s.TotalTimeMs * 0.95, s.TotalTimeMs * 1.05);
        Assert.InRange(f.Transferred, s.Transferred * 0.95, s.Transferred * 1.05);
    }

    [Fact]
    public void Postcopy_faults_fall_as_each_fault_costs_more()
    {
        var input = Input(new UniformWorkloadSpec(65536, 20000), 64 << 20) with { Policy = PostcopySpec.Instance };
        var fast = FluidModel.Predict(input);
        var slow = FluidModel.Predict(input with { Host = new HostProfile { FaultServiceTime = SimTime.FromMilliseconds(20) } });
        Assert.True(fast.PostcopyRequests > slow.PostcopyRequests * 5, $"{fast.PostcopyRequests} vs {slow.PostcopyRequests}");
        Assert.Equal(fast.TotalTimeMs, slow.TotalTimeMs, 6); // background pass unchanged
    }
}
