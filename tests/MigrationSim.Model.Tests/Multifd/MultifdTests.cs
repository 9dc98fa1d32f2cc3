using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;
using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests.Multifd;

/// <summary>multifd as multifd.c, multifd-nocomp.c and ram.c do it: packets, headers, flushes, zero pages, and the CPU the channels add.</summary>
public class MultifdTests
{
    internal const int Page = 4096;
    internal const int Header = 1344;                      // MultiFDPacket_t (320 B) + 128 offsets of 8 B
    private const long FullPacket = Header + 128L * Page;  // 525632 B

    private static SimulationInput With(SimulationInput input, QemuVersion qemu, int channels, HostProfile? host = null) => input with
    {
        Host = (host ?? input.Host) with { Qemu = qemu },
        Parameters = input.Parameters with { Multifd = new MultifdParameters { Channels = channels } },
    };

    [Fact]
    public void QEMU_constants_are_pinned_per_release()
    {
        Assert.Equal(128, QemuBehaviour.MultifdPagesPerPacket);
        Assert.Equal(Header, QemuBehaviour.V7_2.MultifdPacketHeaderBytes);
        Assert.Equal(Header, QemuBehaviour.V10_0.MultifdPacketHeaderBytes);
        Assert.Equal(64, QemuBehaviour.MultifdInitialPacketBytes);
        // 7.2 counts no initial packet and flushes after every ram_save_iterate; 10.0 counts them and flushes once per round
        Assert.Equal((0, true), (QemuBehaviour.V7_2.MultifdInitialPacketBytesCounted, QemuBehaviour.V7_2.MultifdSyncsEveryIterateStep));
        Assert.Equal((64, false), (QemuBehaviour.V10_0.MultifdInitialPacketBytesCounted, QemuBehaviour.V10_0.MultifdSyncsEveryIterateStep));
        // zero pages: the migration thread in 7.2, the channel threads in 10.0 (with multifd on)
        var p = new MigrationParameters { Multifd = new MultifdParameters() };
        Assert.Equal(ZeroPageDetection.Legacy, QemuBehaviour.V7_2.ZeroPagesFor(p));
        Assert.Equal(ZeroPageDetection.Multifd, QemuBehaviour.V10_0.ZeroPagesFor(p));
        Assert.Equal(ZeroPageDetection.Legacy, QemuBehaviour.V10_0.ZeroPagesFor(new MigrationParameters()));
    }

    [Fact]
    public void A_packet_goes_when_its_128_slots_fill_and_a_flush_sends_the_rest_and_a_sync_per_channel()
    {
        var s = new MultifdStream(new MultifdParameters { Channels = 3 }, QemuBehaviour.V7_2, Page, zeroPagesInPackets: true);

        Assert.Equal(0, s.Queue(ulong.MaxValue, 0));                 // 64 pages: nothing on the wire yet
        Assert.Equal(FullPacket, s.Queue(ulong.MaxValue, 0));        // 128: one packet
        Assert.Equal(0, s.Queue(0xFFFF, 0xFF));                      // 16 pages, 8 of them zero
        Assert.Equal(16, s.OpenPages);
        Assert.Equal(Header + 8 * Page + 3 * Header, s.Flush());     // the 8 non-zero pages in a packet, then 3 SYNC packets
        Assert.Equal((2L, 3L, 1L), (s.DataPackets, s.SyncPackets, s.Flushes));
        Assert.Equal(FullPacket + Header + 8 * Page + 3 * Header, s.MultifdBytes);
        Assert.Equal(3 * Header, s.Flush());                         // nothing open: the SYNCs only
    }

    [Fact]
    public void A_word_that_straddles_two_packets_is_split_in_page_order()
    {
        var s = new MultifdStream(new MultifdParameters(), QemuBehaviour.V10_0, Page, zeroPagesInPackets: true);
        s.Queue(ulong.MaxValue >> 4, 0);                             // 60 pages
        s.Queue(ulong.MaxValue, 0);                                  // 124 pages
        // 64 more, the lowest 4 non-zero and the rest zero: the 4 fill the packet, the 60 zeros open the next
        double sent = s.Queue(ulong.MaxValue, ~0xFUL);
        Assert.Equal(FullPacket, sent);
        Assert.Equal(60, s.OpenPages);
        Assert.Equal(Header + 2 * Header, s.Flush());                // 60 zero pages travel as offsets only
        Assert.Equal(2 * 64, s.InitialBytes);                        // 10.0 counts each channel's 64-byte initial packet
    }

    private const long IdlePages = 1L << 16, IdleResident = 10_000;

    /// <summary>A 256 MiB idle guest with 10000 non-zero pages at 32 MiB/s; it converges after the bulk pass.</summary>
    private static MigrationSummary IdleGuest(QemuVersion qemu, int channels)
    {
        var input = With(Make(IdlePages * Page, new IdleWorkloadSpec(), maxBandwidth: 32 * MiB, residentBytes: IdleResident * Page), qemu, channels);
        var s = MigrationSimulation.Run(input).Summary;
        Assert.True(s.Converged);
        return s;
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void Idle_guest_on_10_0_sends_its_pages_in_full_packets_and_three_flushes(int channels)
    {
        // every page goes in a packet (zero pages as offsets), 512 packets; flushes at setup, where
        // the bulk pass passes the end of memory, and at the completion.
        var s = IdleGuest(QemuVersion.V10_0, channels);

        Assert.Equal((IdleResident, IdlePages - IdleResident), (s.Normal, s.Duplicate));
        long expected = IdleResident * Page + 512 * Header + 3L * channels * Header + 64L * channels;
        Assert.Equal(expected, s.Transferred);
        Assert.Equal(expected, s.MultifdBytes);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(8)]
    public void Idle_guest_on_7_2_sends_zero_pages_on_the_main_channel_and_flushes_after_every_iterate_step(int channels)
    {
        var s = IdleGuest(QemuVersion.V7_2, channels);

        Assert.Equal(s.Transferred - (IdlePages - IdleResident) * (8 + 1), s.MultifdBytes); // zero pages: header + 1 byte, not in packets
        long headers = s.MultifdBytes!.Value - IdleResident * Page;
        Assert.Equal(0, headers % Header);
        long packets = headers / Header;
        // 79 full packets and at least setup's and completion's SYNCs; each step adds a flush (a partial packet and its SYNCs)
        Assert.InRange(packets, 79 + 2 * channels, 79 + 200 * (channels + 1));
    }

    [Theory]
    [InlineData("7.2", 2, 42, 39, 5)]
    [InlineData("7.2", 8, 42, 39, 5)]
    [InlineData("10.0", 4, 3, 30, 2)]
    [InlineData("10.0", 8, 3, 24, 8)]
    public void A_rate_limited_window_carries_whole_packets(string release, int channels, int flushes, int fullWindows, int lastPackets)
    {
        // All 65536 pages non-zero: a packet is exactly two bitmap words (512 packets). 7.2 counts a
        // packet when it is handed over, so a 64 MiB/s window (6710886 B) carries 13 packets
        // (6833216 B, 1.8% over) and its flush: 39 full windows, then 5 packets. 10.0 counts it once
        // written, so a window carries 13 more than the packets the busy channels hold: 17 (4
        // channels) or 21 (8).
        long pages = 1L << 16;
        var qemu = release == "7.2" ? QemuVersion.V7_2 : QemuVersion.V10_0;
        // a 1 ms downtime-limit: the stop rule waits for the pass to empty, so every window is a precopy one
        var input = With(Make(pages * Page, new IdleWorkloadSpec(), maxBandwidth: 64 * MiB, residentBytes: pages * Page, downtimeMs: 1), qemu, channels);

        var s = MigrationSimulation.Run(input).Summary;

        long initial = QemuBehaviour.For(qemu).MultifdInitialPacketBytesCounted * channels;
        Assert.Equal(512 * FullPacket + (long)flushes * channels * Header + initial, s.Transferred);
        // the last window: its packets and its flush (7.2: after the step; 10.0: where the pass ends), then the completion's flush
        double lastWindowBytes = lastPackets * FullPacket + 2 * channels * Header;
        double expectedMs = 10 + fullWindows * 100 + lastWindowBytes / input.Link.BandwidthBytesPerSecond * 1000 + 5;
        Assert.Equal(expectedMs, s.TotalTimeMs, 1);
    }

    [Theory]
    [InlineData(1, 4, 100e6)]
    [InlineData(4, 2, 200e6)]
    [InlineData(4, 8, 400e6)]
    [InlineData(32, 32, 1.25e9)] // the network's 10 Gbit/s caps it
    public void Without_a_rate_limit_the_channels_send_at_the_single_thread_speed_times_the_cores_they_get(int channels, double cores, double rate)
    {
        long pages = 1L << 14;
        var host = new HostProfile { EffectiveBandwidthBytesPerSecond = 100e6, MultifdCores = cores };
        var input = With(Make(pages * Page, new IdleWorkloadSpec(), maxBandwidth: double.PositiveInfinity, residentBytes: pages * Page), QemuVersion.V10_0, channels, host);

        var s = MigrationSimulation.Run(input).Summary;

        Assert.Equal(Math.Min(channels, cores), host.MultifdSpeedup(input.Parameters));
        double expectedMs = 10 + s.Transferred / rate * 1000 + 5;
        Assert.InRange(s.TotalTimeMs, expectedMs * 0.995, expectedMs * 1.005);
    }

    [Theory]
    [InlineData("7.2", 4, 2.0, 1.0)]  // the migration thread checks every zero page itself
    [InlineData("10.0", 4, 2.0, 2.0)] // the channels check them, side by side on the cores they get
    [InlineData("10.0", 1, 2.0, 1.0)]
    public void A_zero_page_time_is_shared_among_the_channels_only_where_they_find_the_zero_pages(string release, int channels, double cores, double share)
    {
        long pages = 1L << 15;
        var plainHost = new HostProfile { EffectiveBandwidthBytesPerSecond = 100e6, MultifdCores = cores };
        var input = With(Make(pages * Page, new IdleWorkloadSpec(), maxBandwidth: double.PositiveInfinity, residentBytes: 4096L * Page), QemuVersion.TryParse(release)!.Value, channels, plainHost);
        var plain = MigrationSimulation.Run(input).Summary;
        var slow = MigrationSimulation.Run(input with { Host = input.Host with { ZeroPageTime = SimTime.FromMicroseconds(20) } }).Summary;

        // (7.2 flushes the channels after every iterate step, and a slower pass has more steps: a few more SYNC packets)
        Assert.InRange(slow.Transferred, plain.Transferred, plain.Transferred * 1.01);
        Assert.True(plain.Duplicate > 20_000, $"{plain.Duplicate} zero pages");
        double expectedMs = plain.Duplicate * 0.020 / share;
        Assert.InRange(slow.TotalTimeMs - plain.TotalTimeMs, expectedMs * 0.97, expectedMs * 1.01);
    }

    [Fact]
    public void Postcopy_and_xbzrle_with_multifd_are_refused_as_QEMU_refuses_them()
    {
        var input = With(Make(1L << 26, new IdleWorkloadSpec(), maxBandwidth: 64 * MiB), QemuVersion.V10_0, 2);
        var postcopy = input with { Policy = PostcopySpec.Instance };
        var xbzrle = input with { Parameters = input.Parameters with { Xbzrle = new XbzrleParameters() } };

        Assert.Contains("does not combine with multifd", Assert.Throws<ArgumentException>(() => MigrationSimulation.Run(postcopy)).Message);
        Assert.Contains("multifd and xbzrle", Assert.Throws<ArgumentException>(() => MigrationSimulation.Run(xbzrle)).Message);
    }

    public static Arbitrary<SimulationInput> MultifdMigrations() => Arb.From(
        from pagesLog in Gen.Choose(10, 14)
        from wsPct in Gen.Choose(0, 50)
        from residentPct in Gen.Choose(0, 100 - wsPct)
        from ratePct in Gen.Choose(0, 80)
        from bandwidthMiB in Gen.Choose(4, 256)
        from channels in Gen.Choose(1, 16)
        from newer in Gen.Elements(false, true)
        from seed in Gen.Choose(0, 1_000_000)
        select Build(1L << pagesLog, residentPct, wsPct, ratePct, bandwidthMiB * MiB, channels, newer, (ulong)seed));

    private static SimulationInput Build(long pages, int residentPct, int wsPct, int ratePct, double bandwidth, int channels, bool newer, ulong seed)
    {
        long ws = Math.Max(1, pages * wsPct / 100);
        double rate = bandwidth / Page * ratePct / 100.0;
        WorkloadSpec w = wsPct == 0 ? new IdleWorkloadSpec() : new UniformWorkloadSpec(ws, rate);
        var input = Make(pages * Page, w, bandwidth, residentBytes: pages * residentPct / 100 * Page, seed: seed, maxTimeSeconds: 60, audit: true);
        return With(input, newer ? QemuVersion.V10_0 : QemuVersion.V7_2, channels);
    }

    [Property(MaxTest = 40, Arbitrary = [typeof(MultifdTests)])]
    public Property Every_written_page_reaches_the_destination_and_every_byte_is_counted_once(SimulationInput input)
    {
        var r = MigrationSimulation.Run(input);
        var s = r.Summary;
        if (s.Status != MigrationStatus.Completed) return (s.Status == MigrationStatus.Cancelled).Label($"status {s.Status}");
        bool newer = input.Host.Qemu.SameRelease(QemuVersion.V10_0);
        long mainChannel = newer ? 0 : s.Duplicate * 9; // 7.2: zero pages go on the main channel
        return (r.StalePagesOnDestination == 0).Label($"{r.StalePagesOnDestination} stale pages")
            .And((s.Transferred == s.MultifdBytes + mainChannel).Label($"transferred {s.Transferred} != multifd {s.MultifdBytes} + main {mainChannel}"))
            .And((s.Transferred == s.PrecopyBytes + s.DowntimeBytes).Label("precopy + downtime bytes != transferred"));
    }

    [Property(MaxTest = 30)]
    public Property Bytes_never_fall_as_more_pages_hold_data(PositiveInt a, PositiveInt b, bool newer)
    {
        long pages = 1L << 13;
        long r1 = Math.Min(a.Get, b.Get) % pages, r2 = Math.Max(a.Get, b.Get) % pages;
        if (r1 > r2) (r1, r2) = (r2, r1);
        var qemu = newer ? QemuVersion.V10_0 : QemuVersion.V7_2;
        SimulationInput Idle(long resident) => With(Make(pages * Page, new IdleWorkloadSpec(), maxBandwidth: 32 * MiB, residentBytes: resident * Page), qemu, 4);
        long less = MigrationSimulation.Run(Idle(r1)).Summary.Transferred, more = MigrationSimulation.Run(Idle(r2)).Summary.Transferred;
        return (less <= more).Label($"{r1} resident pages: {less} B; {r2}: {more} B");
    }

    [Property(MaxTest = 30)]
    public Property More_channels_are_never_slower_while_the_host_has_free_cores_for_them(PositiveInt n1, PositiveInt n2, bool newer)
    {
        int a = 1 + n1.Get % 8, b = 1 + n2.Get % 8;
        if (a > b) (a, b) = (b, a);
        var host = new HostProfile { EffectiveBandwidthBytesPerSecond = 50e6, MultifdCores = 8 };
        var qemu = newer ? QemuVersion.V10_0 : QemuVersion.V7_2;
        var work = new UniformWorkloadSpec(2048, 2000);
        SimulationInput Run(int channels) => With(Make(1L << 27, work, maxBandwidth: double.PositiveInfinity, residentBytes: 8 << 20), qemu, channels, host);
        double fewer = MigrationSimulation.Run(Run(a)).Summary.TotalTimeMs, more = MigrationSimulation.Run(Run(b)).Summary.TotalTimeMs;
        return (more <= fewer * 1.001).Label($"{a} channels: {fewer} ms; {b}: {more} ms");
    }
}
