using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Model.Memory;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Workloads;

namespace MigrationSim.Model.Tests.Xbzrle;

/// <summary>xbzrle as page_cache.c, xbzrle.c and save_xbzrle_page do it (7.2 and 10.0 alike).</summary>
public class XbzrleTests
{
    private const int Page = 4096;
    private const int Hit8 = 3 + 1 + 1 + 8; // flag, be16 length; uleb zero run (8), uleb run (8), the 8 bytes

    [Fact]
    public void The_cache_is_direct_mapped_and_keeps_a_slot_used_in_the_last_two_generations()
    {
        var c = new XbzrleCache(4 * Page, Page, 8) { Generation = 2 }; // 4 slots

        Assert.Equal(-1, c.Lookup(1));        // miss, inserted in slot 1
        Assert.Equal(Hit8, c.Lookup(1));      // hit
        Assert.Equal(-1, c.Lookup(5));        // slot 1 again, used this generation: not replaced
        c.Generation = 3;
        Assert.Equal(-1, c.Lookup(5));        // used one generation ago: still kept
        c.Generation = 4;
        Assert.Equal(-1, c.Lookup(5));        // unused for 2 generations: 5 replaces 1
        Assert.Equal(Hit8, c.Lookup(5));
        Assert.Equal(-1, c.Lookup(1));
        Assert.Equal((2L, 2L * Hit8, 5L, 0L), (c.Pages, c.Bytes, c.CacheMiss, c.Overflow));
        c.LastStage = true;
        c.Generation = 10;
        Assert.Equal(-1, c.Lookup(2));        // final pass: no inserts
        Assert.Equal(-1, c.Lookup(2));
        Assert.Equal(7, c.CacheMiss);
    }

    [Fact]
    public void A_hit_whose_delta_overflows_goes_in_full_and_counts_a_page_of_bytes()
    {
        var c = new XbzrleCache(Page, Page, Page) { Generation = 1 };

        Assert.Equal(-1, c.Lookup(7));
        Assert.Equal(-1, c.Lookup(7));
        Assert.Equal((1L, (long)Page, 1L, 1L), (c.Pages, c.Bytes, c.CacheMiss, c.Overflow));
    }

    [Theory]
    [InlineData(8, 8, 10)]
    [InlineData(8, 64, 66)]
    [InlineData(8, 512, 515)]                 // a run of 128 or more takes a 2-byte length
    [InlineData(200, 8, 11)]                  // so does a zero run of 128 or more
    [InlineData(8, 4080, 4083)]
    [InlineData(8, 4088, 4091)]               // the run reaches the page's end: no room needed after it
    [InlineData(1, 4093, -1)]                 // 4096 encoded, then no room for the trailing unchanged byte
    [InlineData(2, 4094, -1)]                 // the run itself no longer fits
    [InlineData(0, 4096, -1)]                 // a whole page changed does not fit a page
    [InlineData(8, 0, 0)]                     // unchanged: skipped
    public void The_delta_of_one_changed_run_is_its_bytes_plus_two_lengths(int offset, int run, int encoded)
    {
        Assert.Equal(encoded, XbzrleCache.EncodedLength(offset, run, Page));
        Assert.Equal(encoded, QemuXbzrleEncoder.Encode(new byte[Page], Changed(offset, run), Page));
    }

    [Property(MaxTest = 300)]
    public Property The_closed_form_is_what_QEMUs_encoder_returns(NonNegativeInt a, NonNegativeInt b)
    {
        int offset = a.Get % (Page + 1);
        int run = b.Get % (Page - offset + 1);
        int model = XbzrleCache.EncodedLength(offset, run, Page);
        int qemu = QemuXbzrleEncoder.Encode(new byte[Page], Changed(offset, run), Page);
        return (model == qemu).Label($"run of {run} B at {offset}: model {model}, encoder {qemu}");
    }

    [Theory]
    [InlineData(8, 8)]
    [InlineData(4088, 8)]
    [InlineData(4096, 0)]
    public void The_guest_program_writes_after_the_first_word_unless_it_fills_the_page(int bytesPerWrite, int offset)
    {
        Assert.Equal(offset, XbzrleCache.GuestWriteOffset(bytesPerWrite, Page));
    }

    /// <summary>
    /// 256 pages, a 16-page cache, rounds of known dirty pages: every count follows from the slot
    /// rule (page mod 16) and the two-generation lifetime.
    /// </summary>
    [Fact]
    public void A_tiny_guest_gives_the_hits_and_misses_the_slot_rule_predicts()
    {
        var (memory, cache, sender) = TinyGuest(pages: 256, dataPages: 256, cachePages: 16);

        memory.ToSend.SetAll();
        Round(1);                              // the first round: no xbzrle; it wraps, so xbzrle starts
        Assert.True(cache.Started);
        Assert.Equal((0L, 0L, 256L), (cache.Pages, cache.CacheMiss, sender.NormalPages));

        Round(2, 0, 32);                       // all miss; 0-15 fill the 16 slots, 16-31 find them fresh
        Assert.Equal((0L, 32L), (cache.Pages, cache.CacheMiss));
        Round(3, 0, 32);                       // 0-15 hit (and stay fresh), 16-31 miss again
        Assert.Equal((16L, 48L), (cache.Pages, cache.CacheMiss));
        Round(5, 16, 16);                      // slots last used at 3: stale at 5, so 16-31 take them
        Assert.Equal((16L, 64L), (cache.Pages, cache.CacheMiss));
        Round(6, 0, 32);                       // now 16-31 hit and 0-15 miss
        Assert.Equal((32L, 80L), (cache.Pages, cache.CacheMiss));
        cache.LastStage = true;
        Round(9, 0, 16);                       // stale slots, but the final pass inserts nothing
        Round(9, 0, 16);
        Assert.Equal((32L, 112L, 0L), (cache.Pages, cache.CacheMiss, cache.Overflow));

        Assert.Equal(256 + 32 + 16 + 16 + 16 + 32, sender.NormalPages);
        Assert.Equal(32L * Hit8, cache.Bytes);
        Assert.Equal(sender.NormalPages * (8 + Page) + cache.Pages * (8 + Hit8), sender.TransferredBytes);

        void Round(long generation, long first = 0, long count = 0)
        {
            cache.Generation = generation;
            memory.ForSync().WriteRange(first, count);
            sender.SendAll(1e9);
            Assert.Equal(0, memory.ToSend.Count);
        }
    }

    [Fact]
    public void A_zero_page_sent_under_xbzrle_is_cached_so_its_first_write_goes_as_a_delta()
    {
        var (memory, cache, sender) = TinyGuest(pages: 64, dataPages: 32, cachePages: 64); // 32-63 stay zero
        memory.ToSend.SetAll();
        sender.SendAll(1e9);
        memory.ToSend.SetAll();
        cache.Generation = 2;
        sender.SendAll(1e9);                   // xbzrle in use: 0-31 miss, 32-63 go as zero pages and are cached

        memory.ForSync().WriteRange(32, 32);
        cache.Generation = 3;
        sender.SendAll(1e9);

        Assert.Equal((32L, 32L), (cache.Pages, cache.CacheMiss));
        Assert.Equal(64, sender.DuplicatePages);
    }

    [Fact]
    public void Resent_pages_go_as_deltas_and_every_byte_is_accounted()
    {
        var input = Scenarios.Make(64L << 20, new UniformWorkloadSpec(2048, 7000), 32 * Scenarios.MiB, residentBytes: 8L << 20, downtimeMs: 30, maxTimeSeconds: 60);
        var x = input with { Parameters = input.Parameters with { Xbzrle = new XbzrleParameters() } };

        var plain = MigrationSimulation.Run(input).Summary;
        var s = MigrationSimulation.Run(x).Summary;

        Assert.True(s.XbzrlePages > 500, $"{s.XbzrlePages} xbzrle pages, {s.XbzrleCacheMiss} misses, {s.Normal} normal, {s.DirtySyncCount} syncs, {s.TotalTimeMs} ms; plain {plain.Normal} normal {plain.DirtySyncCount} syncs");
        Assert.True(s.XbzrleCacheMiss > 0);
        Assert.Equal(0, s.XbzrleOverflow);
        Assert.Equal(s.XbzrlePages * Hit8, s.XbzrleBytes);
        Assert.Equal(s.Normal * (8 + Page) + s.Duplicate * 9 + s.XbzrlePages * (8 + Hit8), s.Transferred);
        Assert.True(s.Transferred < plain.Transferred, $"xbzrle {s.Transferred} vs plain {plain.Transferred}");
        Assert.Null(plain.XbzrlePages);
    }

    [Fact]
    public void A_cache_smaller_than_the_working_set_mostly_misses()
    {
        var input = Scenarios.Make(64L << 20, new UniformWorkloadSpec(8192, 4000), 32 * Scenarios.MiB);
        XbzrleParameters Cache(long bytes) => new() { CacheSizeBytes = bytes };

        var big = MigrationSimulation.Run(input with { Parameters = input.Parameters with { Xbzrle = Cache(64L << 20) } }).Summary;
        var small = MigrationSimulation.Run(input with { Parameters = input.Parameters with { Xbzrle = Cache(1L << 20) } }).Summary;

        Assert.True(small.XbzrlePages * 4 < big.XbzrlePages, $"1 MiB cache: {small.XbzrlePages} hits, 64 MiB: {big.XbzrlePages}");
        Assert.True(small.XbzrleCacheMiss > big.XbzrleCacheMiss);
    }

    [Fact]
    public void After_the_switch_to_postcopy_cached_pages_go_in_full()
    {
        var (memory, cache, sender) = TinyGuest(pages: 64, dataPages: 64, cachePages: 64);
        memory.ToSend.SetAll();
        sender.SendAll(1e9);
        memory.ForSync().WriteRange(0, 64);
        cache.Generation = 2;
        sender.SendAll(1e9);                   // all 64 cached

        sender.InPostcopy = true;
        memory.ForSync().WriteRange(0, 64);
        sender.SendAll(1e9);

        Assert.Equal((0L, 64L), (cache.Pages, cache.CacheMiss));
        Assert.Equal(3 * 64, sender.NormalPages);
    }

    /// <summary>A guest whose first <paramref name="dataPages"/> hold data, a sender with an xbzrle cache, 8-byte writes.</summary>
    private static (GuestMemory Memory, XbzrleCache Cache, PageSender Sender) TinyGuest(long pages, long dataPages, long cachePages)
    {
        var memory = new GuestMemory(pages, Page);
        memory.Populate(0, dataPages);
        var cache = new XbzrleCache(cachePages * Page, Page, 8);
        return (memory, cache, new PageSender(memory, new HostProfile()) { Xbzrle = cache });
    }

    private static byte[] Changed(int offset, int run)
    {
        var b = new byte[Page];
        for (int i = offset; i < offset + run; i++) b[i] = 0xA5;
        return b;
    }
}
