using FsCheck;
using FsCheck.Fluent;
using MigrationSim.Kernel;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Workloads;

/// <summary>
/// Each workload kind is defined once (Workloads/Kinds): found by the registry, with its keys,
/// factory, description, fluid approximation and capture mapping; checked here over every kind.
/// </summary>
public class WorkloadKindTests
{
    public static TheoryData<string> Kinds => [.. WorkloadRegistry.BuiltIn.Names];

    [Fact]
    public void The_registry_finds_the_six_kinds_and_refuses_an_unknown_one_listing_them()
    {
        Assert.Equal(["hotspot", "idle", "phased", "sequential", "uniform", "zipf"], WorkloadRegistry.BuiltIn.Names);
        var e = Assert.Throws<KeyNotFoundException>(() => WorkloadRegistry.BuiltIn.Get("bursty"));
        Assert.Contains("unknown workload kind 'bursty'; known kinds: hotspot, idle, phased", e.Message);
    }

    [Fact]
    public void Every_workload_spec_in_the_model_is_a_registered_kind()
    {
        var specs = typeof(WorkloadSpec).Assembly.GetTypes().Where(t => t.IsSubclassOf(typeof(WorkloadSpec)) && !t.IsAbstract).ToList();
        Assert.Equal(specs.Count, WorkloadRegistry.BuiltIn.All.Count);
        foreach (var d in WorkloadRegistry.BuiltIn.All)
            Assert.Contains(specs, t => t == d.Example(64, 100).GetType());
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_kind_creates_its_workload_which_writes_only_inside_its_working_set(string kind)
    {
        var spec = WorkloadRegistry.BuiltIn.Get(kind).Example(1000, 50_000);
        var workload = spec.Create(firstPage: 500, new RandomStreams(3));
        var writer = new RecordingWriter();
        workload.Advance(SimTime.Zero, SimTime.FromSeconds(1), 1, writer);
        Assert.All(writer.Pages, p => Assert.InRange(p, 500, 500 + spec.WorkingSetPages - 1));
        Assert.Equal(kind == "idle", writer.Pages.Count == 0);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_kinds_fluid_approximation_grows_with_time_and_stays_within_the_working_set(string kind)
    {
        var spec = WorkloadRegistry.BuiltIn.Get(kind).Example(4096, 2000);
        Prop.ForAll(Gen.Choose(0, 100_000).Two().ToArbitrary(), t =>
        {
            double a = Math.Min(t.Item1, t.Item2) / 1000.0, b = Math.Max(t.Item1, t.Item2) / 1000.0;
            double da = spec.FluidDistinctPages(a), db = spec.FluidDistinctPages(b);
            return (da >= 0 && da <= db + 1e-9 && db <= spec.WorkingSetPages + 1e-9).Label($"{kind}: {da} at {a} s, {db} at {b} s");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Fluid_approximations_match_their_closed_forms()
    {
        // Uniform: W (1 - e^(-r t / W)); sequential: min(W, r t); hotspot: occupancy of each part.
        Assert.Equal(1000 * (1 - Math.Exp(-2.0)), new UniformWorkloadSpec(1000, 500).FluidDistinctPages(4), 9);
        Assert.Equal(600, new SequentialWorkloadSpec(1000, 200).FluidDistinctPages(3));
        Assert.Equal(1000, new SequentialWorkloadSpec(1000, 200).FluidDistinctPages(30));
        double hot = 100 * (1 - Math.Exp(-0.9 * 1000 / 100.0)), cold = 900 * (1 - Math.Exp(-0.1 * 1000 / 900.0));
        Assert.Equal(hot + cold, new HotspotWorkloadSpec(1000, 100, 0.1, 0.9).FluidDistinctPages(10), 9);
        // Zipf with exponent 0+ is nearly uniform; with a steep exponent far fewer pages than uniform.
        Assert.True(new ZipfWorkloadSpec(10_000, 1000, 2).FluidDistinctPages(10) < 0.2 * new UniformWorkloadSpec(10_000, 1000).FluidDistinctPages(10));
        Assert.Equal(0, new IdleWorkloadSpec().FluidDistinctPages(100));
    }

    [Fact]
    public void Descriptions_read_as_summaries_print_them()
    {
        Assert.Equal("uniform 5000 pages/s over 1.00 GiB", new UniformWorkloadSpec(262_144, 5000).Describe(4096));
        Assert.Equal("hotspot 20k pages/s over 512.0 MiB (90 % of writes to 10 %)", new HotspotWorkloadSpec(131_072, 20_000, 0.1, 0.9).Describe(4096));
        Assert.Equal("zipf(s=1.2) 5000 pages/s over 64.00 MiB", new ZipfWorkloadSpec(16_384, 5000, 1.2).Describe(4096));
        Assert.Equal("phased (2 phases, mean 28k pages/s)", WorkloadRegistry.BuiltIn.Get("phased").Example(100, 20_000).Describe(4096));
        Assert.Equal("idle", new IdleWorkloadSpec().Describe(4096));
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Every_kind_maps_onto_the_capture_guest_program(string kind)
    {
        var spec = WorkloadRegistry.BuiltIn.Get(kind).Example(1000, 300);
        var program = spec.ForGuestProgram();
        Assert.Equal(kind, program.Kind);
        Assert.Equal(kind == "phased" ? 0 : spec.MeanRatePagesPerSecond, program.RatePagesPerSecond);
    }

    [Fact]
    public void A_phase_the_guest_program_cannot_run_is_refused_naming_it()
    {
        var spec = new PhasedWorkloadSpec([new(1_000_000_000, new UniformWorkloadSpec(10, 5)), new(1_000_000_000, new ZipfWorkloadSpec(10, 5, 1))]);
        var e = Assert.Throws<NotCapturableException>(() => spec.ForGuestProgram());
        Assert.Equal("phases[1].kind", e.Key);
        Assert.Contains("idle, uniform, sequential phases only, not zipf", e.Problem);
        var ok = new PhasedWorkloadSpec([new(2_000_000_000, new SequentialWorkloadSpec(10, 7)), new(500_000_000, new IdleWorkloadSpec())]).ForGuestProgram();
        Assert.Equal([new GuestProgramPhase("sequential", 2, 7), new GuestProgramPhase("idle", 0.5, 0)], ok.Phases);
    }

    [Fact]
    public void Phased_specs_compare_by_their_phases_and_their_base_settings()
    {
        PhasedWorkloadSpec Make() => new([new(1_000_000_000, new UniformWorkloadSpec(10, 5))]);
        Assert.Equal(Make(), Make());
        Assert.NotEqual(Make(), Make() with { ReadRatio = 0.5 });
    }
}
