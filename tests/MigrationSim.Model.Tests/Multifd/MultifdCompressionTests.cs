using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Kernel;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Workloads;
using static MigrationSim.Model.Tests.Scenarios;

namespace MigrationSim.Model.Tests.Multifd;

/// <summary>
/// multifd-compression as multifd-zlib.c and multifd-zstd.c do it: a packet carries its header and
/// its normal pages compressed; 10.0 counts that, 7.2 counts the pages' full size; compressing costs
/// the channels CPU time per page.
/// </summary>
public class MultifdCompressionTests
{
    private const int Page = MultifdTests.Page, Header = MultifdTests.Header;
    private const double ProgramBytes = 30, ImageBytes = 1500;

    private static readonly MultifdParameters Zstd4 = new()
    {
        Channels = 4, Compression = MultifdCompression.Zstd, CompressedProgramPageBytes = ProgramBytes, CompressedZeroPageBytes = 12,
    };

    private static HostProfile Host(QemuVersion qemu, double pageTimeUs = 0, double cores = 1) => new()
    {
        Qemu = qemu, MultifdZstdImagePageBytes = ImageBytes, MultifdZstdPageTime = new SimTime((long)(pageTimeUs * 1000)), MultifdCores = cores,
    };

    [Fact]
    public void Releases_differ_in_what_they_count_of_a_compressed_packet()
    {
        Assert.False(QemuBehaviour.V7_2.MultifdCountsCompressedBytes);
        Assert.True(QemuBehaviour.V10_0.MultifdCountsCompressedBytes);
    }

    [Theory]
    [InlineData("7.2", Header + 128L * Page)]                      // multifd_send_pages: pages x page size + packet_len
    [InlineData("10.0", Header + 64 * ProgramBytes + 64 * ImageBytes)] // multifd_send_thread: packet_len + next_packet_size
    public void One_packet_of_compressed_pages_is_its_header_and_their_compressed_sizes(string release, double counted)
    {
        var qemu = QemuBehaviour.For(QemuVersion.TryParse(release)!.Value);
        var s = new MultifdStream(Zstd4, qemu, Page, zeroPagesInPackets: true) { Compression = Host(qemu.Version).CompressionFor(Zstd4, Page) };
        double initial = s.WireBytes;

        Assert.Equal(0, s.Queue(ulong.MaxValue, 0, programBits: ulong.MaxValue)); // 64 program pages
        Assert.Equal(counted, s.Queue(ulong.MaxValue, 0, programBits: 0));        // 64 image pages: the packet goes

        Assert.Equal(Header + 64 * ProgramBytes + 64 * ImageBytes, s.WireBytes - initial);
        Assert.Equal(counted, s.MultifdBytes - s.InitialBytes);
    }

    [Fact]
    public void Zero_pages_are_offsets_and_zero_pages_sent_in_full_compress_as_zeros()
    {
        var qemu = QemuBehaviour.V10_0;
        var s = new MultifdStream(Zstd4, qemu, Page, zeroPagesInPackets: true) { Compression = Host(qemu.Version).CompressionFor(Zstd4, Page) };

        s.Queue(ulong.MaxValue, zeroBits: ulong.MaxValue);                                       // 64 zero pages found by the channel
        double sent = s.Queue(ulong.MaxValue, 0, programBits: 0xFF, zeroContentBits: 0xFF00);   // 8 program, 8 zero sent in full, 48 image

        Assert.Equal(Header + 8 * ProgramBytes + 8 * 12 + 48 * ImageBytes, sent);
    }

    [Theory]
    [InlineData("7.2", 2.0)]
    [InlineData("10.0", 2.0)]
    [InlineData("10.0", 1.0)]
    public void A_pass_costs_its_wire_bytes_and_each_pages_compression_shared_over_the_cores(string release, double cores)
    {
        // 256 non-zero pages, the first 128 the program's: two full packets, nothing left open.
        var qemu = QemuVersion.TryParse(release)!.Value;
        var behaviour = QemuBehaviour.For(qemu);
        var memory = new GuestMemory(256, Page);
        memory.Populate(0, 256);
        memory.ToSend.SetAll();
        var host = Host(qemu, pageTimeUs: 20, cores: cores);
        var p = new MigrationParameters { Multifd = Zstd4 };
        var sender = new PageSender(memory, host)
        {
            Multifd = new MultifdStream(Zstd4, behaviour, Page, zeroPagesInPackets: behaviour.ZeroPagesFor(p) != ZeroPageDetection.Legacy)
            {
                ChannelParallelism = host.MultifdSpeedup(p), Compression = host.CompressionFor(Zstd4, Page),
            },
            ProgramPages = (0, 128),
            FlushMultifdEveryRound = !behaviour.MultifdSyncsEveryIterateStep,
        };
        const double link = 100e6;

        var (bytes, seconds) = sender.SendAll(link);

        double wire = 2 * Header + 128 * ProgramBytes + 128 * ImageBytes;
        double syncs = behaviour.MultifdSyncsEveryIterateStep ? 0 : 4 * Header; // 10.0 flushes where the pass passes the end of memory
        double counted = behaviour.MultifdCountsCompressedBytes ? wire : 2 * (Header + 128.0 * Page);
        Assert.Equal(counted + syncs, bytes);
        Assert.Equal((wire + syncs) / link + 256 * 20e-6 / Math.Min(4, cores), seconds, 12);
        Assert.Equal(bytes - (wire + syncs), sender.UnwrittenBytes);
    }

    [Fact]
    public void Compressed_sizes_are_capped_at_the_page()
    {
        var c = new HostProfile { MultifdZlibImagePageBytes = 9000 }.CompressionFor(new MultifdParameters { Compression = MultifdCompression.Zlib, CompressedProgramPageBytes = -3 }, Page)!;

        Assert.Equal((0.0, (double)Page, (double)Page), (c.ProgramPageBytes, c.ImagePageBytes, c.ZeroPageBytes));
        Assert.Null(new HostProfile().CompressionFor(new MultifdParameters(), Page));
    }

    public static Arbitrary<(ulong Bits, ulong Zero, ulong Program, ulong ZeroContent)[]> Words() => Arb.From(
        Gen.ArrayOf(from b in ArbMap.Default.GeneratorFor<ulong>()
                    from z in ArbMap.Default.GeneratorFor<ulong>()
                    from p in ArbMap.Default.GeneratorFor<ulong>()
                    from c in ArbMap.Default.GeneratorFor<ulong>()
                    select (b, z, p, c)));

    [Property(MaxTest = 200, Arbitrary = [typeof(MultifdCompressionTests)])]
    public Property Compressed_bytes_never_exceed_the_uncompressed_packets(
        (ulong Bits, ulong Zero, ulong Program, ulong ZeroContent)[] words, NormalFloat program, NormalFloat image, bool newer)
    {
        var qemu = newer ? QemuBehaviour.V10_0 : QemuBehaviour.V7_2;
        var m = Zstd4 with { CompressedProgramPageBytes = Math.Abs(program.Get) * 1000 };
        var host = new HostProfile { Qemu = qemu.Version, MultifdZstdImagePageBytes = Math.Abs(image.Get) * 1000 };
        var plain = new MultifdStream(m, qemu, Page, zeroPagesInPackets: true);
        var packed = new MultifdStream(m, qemu, Page, zeroPagesInPackets: true) { Compression = host.CompressionFor(m, Page) };
        foreach (var (b, z, p, c) in words)
        {
            plain.Queue(b, z & b);
            packed.Queue(b, z & b, p, c);
        }
        plain.Flush();
        packed.Flush();
        return (packed.WireBytes <= plain.MultifdBytes).Label($"wire {packed.WireBytes} > uncompressed {plain.MultifdBytes}")
            .And((packed.MultifdBytes == (newer ? (long)packed.WireBytes : plain.MultifdBytes)).Label($"counted {packed.MultifdBytes}"))
            .And((packed.DataPackets == plain.DataPackets).Label("packets differ"));
    }

    [Property(MaxTest = 25)]
    public Property More_channels_are_never_slower_when_compression_bounds_the_transfer(PositiveInt n1, PositiveInt n2, bool newer)
    {
        int a = 1 + n1.Get % 8, b = 1 + n2.Get % 8;
        if (a > b) (a, b) = (b, a);
        var qemu = newer ? QemuVersion.V10_0 : QemuVersion.V7_2;
        var host = Host(qemu, pageTimeUs: 30, cores: 8) with { EffectiveBandwidthBytesPerSecond = 400e6 };
        SimulationInput Run(int channels)
        {
            var input = Make(1L << 27, new UniformWorkloadSpec(2048, 2000), maxBandwidth: double.PositiveInfinity, residentBytes: 8 << 20);
            return input with { Host = host, Parameters = input.Parameters with { Multifd = Zstd4 with { Channels = channels } } };
        }
        double fewer = MigrationSimulation.Run(Run(a)).Summary.TotalTimeMs, more = MigrationSimulation.Run(Run(b)).Summary.TotalTimeMs;
        return (more <= fewer * 1.001).Label($"{a} channels: {fewer} ms; {b}: {more} ms");
    }

    [Theory]
    [InlineData("7.2")]
    [InlineData("10.0")]
    public void Compression_time_slows_a_CPU_bound_migration_by_its_pages_over_the_cores(string release)
    {
        var qemu = QemuVersion.TryParse(release)!.Value;
        // Both passes outlast the first 100 ms window, so the difference is the compression alone.
        var plain = Make(1L << 27, new IdleWorkloadSpec(), maxBandwidth: double.PositiveInfinity, residentBytes: 64 << 20);
        var input = plain with
        {
            Host = Host(qemu, pageTimeUs: 20, cores: 2) with { EffectiveBandwidthBytesPerSecond = 400e6 },
            Parameters = plain.Parameters with { Multifd = Zstd4 },
        };
        var fast = MigrationSimulation.Run(input).Summary;
        var slow = MigrationSimulation.Run(input with { Host = input.Host with { MultifdZstdPageTime = SimTime.FromMicroseconds(60) } }).Summary;

        // (7.2 flushes the channels after every iterate step, and a slower pass has more steps: a few more SYNC packets)
        Assert.InRange(slow.Transferred, fast.Transferred, fast.Transferred * 1.01);
        Assert.Equal(16384, fast.Normal); // the idle guest's 64 MiB, sent once
        double expectedMs = fast.Normal * 0.040 / 2;
        Assert.True(Math.Abs(slow.TotalTimeMs - fast.TotalTimeMs - expectedMs) < expectedMs * 0.01, $"fast {fast}\nslow {slow}");
    }

    [Theory]
    [InlineData("7.2")]
    [InlineData("10.0")]
    public void A_link_bound_compressed_migration_takes_its_written_bytes_not_its_counted_ones(string release)
    {
        // 64 MiB of program pages (30 B each compressed) at max-bandwidth 64 MiB/s over a 1 MB/s link, no
        // compression CPU: the run takes its written bytes over the link (10.0, which counts them) or
        // 7.2's windows of full pages counted, whichever is longer; never the counted bytes over the link
        // (67 s).
        var qemu = QemuVersion.TryParse(release)!.Value;
        var plain = Make(1L << 27, new IdleWorkloadSpec(), maxBandwidth: 64 << 20, residentBytes: 64 << 20);
        var input = plain with
        {
            Host = Host(qemu) with { EffectiveBandwidthBytesPerSecond = 1e6, StoppedBandwidthBytesPerSecond = 1e6 },
            Parameters = plain.Parameters with { Multifd = Zstd4 },
        };
        var s = MigrationSimulation.Run(input).Summary;

        double writtenMs = (16384 * ProgramBytes + (16384 / 128 + 4 * 20) * Header) / 1e6 * 1000; // pages, packets, syncs
        double windowsMs = QemuBehaviour.For(qemu).MultifdCountsCompressedBytes ? 100 : Math.Ceiling(16384 * (Page + 8.0) / (64 << 20) / 0.1) * 100;
        double boundMs = Math.Max(writtenMs, windowsMs);
        Assert.True(s.TotalTimeMs < boundMs * 1.5 + s.SetupTimeMs + 50, $"{s.TotalTimeMs} ms; written ~{writtenMs:0} ms, windows {windowsMs} ms ({s})");
    }
}
