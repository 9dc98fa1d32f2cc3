using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;
using MigrationSim.Model.Guests;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Network;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests;

/// <summary>Where the image's pages sit (host image-density): the same pages hold data wherever they sit, and only the time moves.</summary>
public class ImagePlacementTests
{
    private const long MiB = 1 << 20;

    private static HostProfile Host(double density, long footprint = 40 * MiB, long reusable = 8 * MiB) => new()
    {
        ImageFootprintBytes = footprint,
        ImageReusableBytes = reusable,
        ImageDensity = density,
        EffectiveBandwidthBytesPerSecond = 400e6,
        ZeroPageTime = SimTime.FromMicroseconds(13.5),
    };

    [Fact]
    public void By_default_the_image_is_one_run_from_page_0_and_the_program_overlaps_its_reusable_tail()
    {
        var guest = new GuestSpec(256 * MiB, 4096, 32 * MiB);
        var layout = MemoryLayout.For(guest, Host(1), 16384);
        Assert.Equal(10240, layout.ImagePages);
        Assert.Equal(layout.ImagePages, layout.ImageSpanPages);
        Assert.Equal(10240 - 2048, layout.ProgramStart);
        Assert.Equal(10240 + 8192 + 16384 - 2048, layout.NonZeroPages);
    }

    [Fact]
    public void Spread_at_half_density_every_other_page_of_twice_the_span_holds_image_data()
    {
        var guest = new GuestSpec(256 * MiB, 4096, 0);
        var layout = MemoryLayout.For(guest, Host(0.5, reusable: 0), 0);
        Assert.Equal(20480, layout.ImageSpanPages);
        var g = Guest.Create("g", guest, new IdleWorkloadSpec(), Host(0.5, reusable: 0), new RandomStreams(1));
        for (long p = 0; p < 64; p++) Assert.Equal(p % 2 != 0, g.Memory.Zero.Get(p));
        Assert.Equal(10240, g.Memory.Pages - g.Memory.Zero.Count);
    }

    [Fact]
    public void The_guests_own_memory_takes_the_gaps_between_the_image_pages_first()
    {
        // 10,240 image pages at density 0.5 leave 10,240 free pages between them; a 4,096-page program
        // takes 4,096 of those, so the image spreads over 16,384 pages; a 16,384-page one fills them all.
        var small = MemoryLayout.For(new GuestSpec(256 * MiB, 4096, 0), Host(0.5, reusable: 0), 4096);
        var large = MemoryLayout.For(new GuestSpec(256 * MiB, 4096, 0), Host(0.5, reusable: 0), 16384);
        Assert.Equal(10240 + 10240 - 4096, small.ImageSpanPages);
        Assert.Equal(10240, large.ImageSpanPages);
        Assert.Equal(10240, large.ProgramStart);
        // With 2,048 reusable image pages the 4,096-page program still takes 4,096 gaps (span 16,384), and
        // overlaps the span's tail over 2,048 x 16,384 / 10,240 = 3,277 pages, 1,229 of them gaps: 4,915 stay.
        var reusing = MemoryLayout.For(new GuestSpec(256 * MiB, 4096, 0), Host(0.5, reusable: 8 * MiB), 4096);
        Assert.Equal(16384, reusing.ImageSpanPages);
        Assert.Equal(16384 - 3277, reusing.ProgramStart);
        Assert.Equal(4915, reusing.ProgramStart - reusing.ImagePagesBelow(reusing.ProgramStart));
    }

    public static Arbitrary<(long Pages, long Footprint, long Reusable, long Resident, long WorkingSet, double Density)> Layouts() => Arb.From(
        from pagesLog in Gen.Choose(10, 16)
        from footprintPct in Gen.Choose(0, 40)
        from reusablePct in Gen.Choose(0, 100)
        from residentPct in Gen.Choose(0, 20)
        from wsPct in Gen.Choose(0, 30)
        from densityPct in Gen.Choose(20, 100)
        let pages = 1L << pagesLog
        let footprint = pages * footprintPct / 100
        select (pages, footprint, footprint * reusablePct / 100, pages * residentPct / 100, pages * wsPct / 100, densityPct / 100.0));

    [Property(Arbitrary = [typeof(ImagePlacementTests)], MaxTest = 200)]
    public void Wherever_the_image_sits_its_pages_and_the_programs_hold_data_and_no_others((long Pages, long Footprint, long Reusable, long Resident, long WorkingSet, double Density) c)
    {
        var guest = new GuestSpec(c.Pages * 4096, 4096, c.Resident * 4096);
        var host = new HostProfile { ImageFootprintBytes = c.Footprint * 4096, ImageReusableBytes = c.Reusable * 4096, ImageDensity = c.Density };
        var layout = MemoryLayout.For(guest, host, c.WorkingSet);
        var contiguous = MemoryLayout.For(guest, host with { ImageDensity = 1 }, c.WorkingSet);
        var g = Guest.Create("g", guest, c.WorkingSet > 0 ? new UniformWorkloadSpec(c.WorkingSet, 0) : new IdleWorkloadSpec(), host, new RandomStreams(1));
        var zero = g.Memory.Zero;

        Assert.Equal(layout.NonZeroPages, c.Pages - zero.Count);
        Assert.InRange(layout.ProgramStart + layout.ProgramPages, 0, c.Pages);
        Assert.Equal(0, zero.CountRange(layout.ProgramStart, layout.ProgramPages));
        Assert.Equal(layout.ImagePages, layout.ImagePagesBelow(layout.ImageSpanPages));
        // Spreading moves the image's pages; only a program shorter than the reusable tail, which then lies
        // over zero pages between image pages as well, adds pages (at most its own), give or take rounding.
        Assert.InRange(layout.NonZeroPages - contiguous.NonZeroPages, -2, Math.Max(2, layout.ProgramPages));
    }

    private static SimulationInput Idle(double maxBandwidth, double density) => new()
    {
        Name = "idle",
        Seed = 3,
        Guest = new GuestSpec(256 * MiB, 4096, 0),
        Workload = new IdleWorkloadSpec(),
        Link = new Link(1.25e9, SimTime.FromMicroseconds(50)),
        Policy = PrecopySpec.Instance,
        Parameters = new MigrationParameters { MaxBandwidthBytesPerSecond = maxBandwidth },
        Host = Host(density, footprint: 80 * MiB, reusable: 0),
    };

    [Fact]
    public void Zero_pages_among_the_image_fill_the_rate_limits_waits_and_cost_an_unlimited_transfer_the_same()
    {
        // 64 MiB/s: 20k image pages take 1.25 s of windows, with room for the 20k zero pages between them
        // (0.27 s at 13.5 us) in the waits; contiguous, they come after and add their time.
        var contiguous = MigrationSimulation.Run(Idle(64 * MiB, 1)).Summary;
        var spread = MigrationSimulation.Run(Idle(64 * MiB, 0.5)).Summary;
        Assert.Equal(contiguous.Normal, spread.Normal);
        Assert.Equal(contiguous.Duplicate, spread.Duplicate);
        Assert.InRange(contiguous.TotalTimeMs - spread.TotalTimeMs, 20480 * 0.0135 * 0.8, 20480 * 0.0135 * 1.2);
        // Unlimited: CPU-bound wherever they sit.
        var a = MigrationSimulation.Run(Idle(double.PositiveInfinity, 1)).Summary;
        var b = MigrationSimulation.Run(Idle(double.PositiveInfinity, 0.5)).Summary;
        Assert.Equal(a.TotalTimeMs, b.TotalTimeMs, a.TotalTimeMs * 0.01);
    }
}
