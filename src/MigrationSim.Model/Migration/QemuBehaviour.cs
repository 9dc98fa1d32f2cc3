using MigrationSim.Kernel;

namespace MigrationSim.Model.Migration;

/// <summary>
/// Where the QEMU releases the project models differ in the migration thread, in one place: the
/// engine asks this object and never compares versions itself. Read from Debian's sources of
/// each release (bookworm 7.2+dfsg-7+deb12u18, trixie 10.0.13+ds-0+deb13u1): migration/migration.c,
/// ram.c, multifd*.c, cpu-throttle.c, page_cache.c, xbzrle.c.
/// <para>What both share (and the engine models once): the 100 ms window and max-bandwidth/10
/// budget, MAX_WAIT 50 ms, pending compared with bandwidth x downtime-limit and the dirty log synced
/// only below it (7.2's ram_save_pending; 8.0+ splits it into pending_estimate and, below the
/// threshold, pending_exact, which is the same decision), the final sync at the stop, the
/// auto-converge trigger, and xbzrle's direct-mapped page cache enabled after the first round.</para>
/// </summary>
public sealed record QemuBehaviour
{
    /// <summary>The release this describes.</summary>
    public required QemuVersion Version { get; init; }

    /// <summary>
    /// With auto-converge, a timer syncs the dirty bitmap every this long when no sync happened
    /// since its last tick (and past the first round), so a long pass cannot hide the dirty rate
    /// from the throttle (9.2+, cpu-throttle.c CPU_THROTTLE_DIRTY_SYNC_TIMESLICE_MS); null = none (7.2).
    /// </summary>
    public SimTime? AutoConvergeSyncPeriod { get; init; }

    /// <summary>avail-switchover-bandwidth replaces the measured bandwidth in the threshold (8.2+).</summary>
    public bool HasAvailSwitchoverBandwidth { get; init; }

    /// <summary>zero-page-detection can be chosen (9.0+); before, the migration thread always checks.</summary>
    public bool HasZeroPageDetection { get; init; }

    /// <summary>Where zero pages are found when the scenario does not say (7.2: the migration thread; 9.0+: multifd, i.e. the sender threads when multifd is on).</summary>
    public ZeroPageDetection DefaultZeroPageDetection { get; init; } = ZeroPageDetection.Legacy;

    /// <summary>dirty-limit exists (8.1+).</summary>
    public bool HasDirtyLimit { get; init; }

    /// <summary>
    /// 7.2 ends every ram_save_iterate with multifd_send_sync_main: each iterate step waits until
    /// every channel has sent what it was given. 10.0 syncs the channels once per round over memory
    /// (multifd_ram_sync_per_round: find_dirty_block, where the scan passes the end of RAM), so the
    /// steps stream. Both also flush at the end of setup and at the completion.
    /// </summary>
    public bool MultifdSyncsEveryIterateStep { get; init; }

    /// <summary>
    /// Bytes a multifd packet's header takes (MultiFDPacket_t plus one 8-byte offset per page slot,
    /// counted in full in multifd-bytes whatever the packet carries): 320 + 8 x 128 in both releases.
    /// </summary>
    public int MultifdPacketHeaderBytes { get; init; } = 320 + 8 * MultifdPagesPerPacket;

    /// <summary>Pages per multifd packet: MULTIFD_PACKET_SIZE (512 KiB) / 4 KiB.</summary>
    public const int MultifdPagesPerPacket = 128;

    /// <summary>
    /// Bytes of each channel's initial packet (MultiFDInit_t, 64 B) that query-migrate counts:
    /// 10.0's multifd_send_initial_packet adds them to multifd-bytes (and so to transferred); 7.2 counts none.
    /// </summary>
    public int MultifdInitialPacketBytesCounted { get; init; }

    /// <summary>
    /// A multifd packet's bytes reach the rate limit only once its channel has written it (10.0:
    /// multifd_send_thread adds them to multifd-bytes, which migration_rate_exceeded reads), so while
    /// every channel is busy the migration thread hands out one packet per channel beyond what the
    /// limit has seen: a window carries its budget plus up to multifd-channels packets. 7.2 counts a
    /// packet when it is handed over (multifd_send_pages), one packet's overshoot at most.
    /// </summary>
    public bool MultifdCountsPacketsWhenWritten { get; init; }

    /// <summary>
    /// With multifd-compression, query-migrate and the rate limit count what the channel wrote: the
    /// header plus the compressed payload (10.0: multifd_send_thread adds packet_len +
    /// next_packet_size). 7.2 counts a packet before its channel compresses it (multifd_send_pages:
    /// pages x page size + packet_len), so its figures and its rate limit see the pages' full size
    /// while the wire carries the compressed payload.
    /// </summary>
    public bool MultifdCountsCompressedBytes { get; init; }

    /// <summary>
    /// With postcopy-preempt the return-path thread sends a requested page itself, on the preempt
    /// channel (8.0+, ram_save_queue_pages), so the rate limit never holds it back. 7.2 queues it for
    /// the migration thread, whose qemu_savevm_state_iterate returns at once while the window's budget
    /// is spent: the page waits for the window to reset, with or without preempt.
    /// </summary>
    public bool PreemptSendsRequestsDirectly { get; init; }

    /// <summary>
    /// The rate limit sees the main channel's bytes only when the QEMUFile is flushed, every this many pages
    /// (10.0: migration_rate_exceeded reads qemu_file_transferred, which qemu_fflush adds to once the 64
    /// iovec entries, a header and a page each, are full), so a window ends at the first flush past its
    /// budget: 52 blocks of 32 pages (6,829,056 B) at 64 MiB/s, as the 10.0 captures' polls show. 7.2 counts
    /// each page as it is queued (qemu_put_buffer_async adds to rate_limit_used): null.
    /// </summary>
    public int? RateLimitSeesPagesFlushed { get; init; }

    /// <summary>Size of MultiFDInit_t, the packet each channel opens with: magic, version, uuid, id and reserved words.</summary>
    public const int MultifdInitialPacketBytes = 64;

    /// <summary>QEMU 7.2 (Debian 12).</summary>
    public static QemuBehaviour V7_2 { get; } = new()
    {
        Version = QemuVersion.V7_2,
        MultifdSyncsEveryIterateStep = true,
    };

    /// <summary>QEMU 10.0 (Debian 13).</summary>
    public static QemuBehaviour V10_0 { get; } = new()
    {
        Version = QemuVersion.V10_0,
        AutoConvergeSyncPeriod = SimTime.FromMilliseconds(5000),
        HasAvailSwitchoverBandwidth = true,
        HasZeroPageDetection = true,
        DefaultZeroPageDetection = ZeroPageDetection.Multifd,
        HasDirtyLimit = true,
        MultifdInitialPacketBytesCounted = MultifdInitialPacketBytes,
        MultifdCountsPacketsWhenWritten = true,
        MultifdCountsCompressedBytes = true,
        PreemptSendsRequestsDirectly = true,
        RateLimitSeesPagesFlushed = 32,
    };

    /// <summary>The behaviour of <paramref name="version"/> (same major.minor); an unmodelled release is an error, never a silent stand-in.</summary>
    public static QemuBehaviour For(QemuVersion version) =>
        version.SameRelease(QemuVersion.V7_2) ? V7_2
        : version.SameRelease(QemuVersion.V10_0) ? V10_0
        : throw new ArgumentException($"QEMU {version} is not modelled; the engine follows {string.Join(" and ", QemuVersion.Known.Select(v => v.Release))}");

    /// <summary>Why <paramref name="p"/> cannot run on this release (a setting it does not have), or null.</summary>
    public string? Missing(MigrationParameters p) =>
        p.AvailSwitchoverBandwidthBytesPerSecond is not null && !HasAvailSwitchoverBandwidth ? $"avail-switchover-bandwidth needs QEMU 8.2 or later; the host profile says QEMU {Version}"
        : p.ZeroPageDetection is not null && !HasZeroPageDetection ? $"zero-page-detection needs QEMU 9.0 or later; the host profile says QEMU {Version}"
        : p.DirtyLimit is not null && !HasDirtyLimit ? $"dirty-limit needs QEMU 8.1 or later; the host profile says QEMU {Version}"
        : null;

    /// <summary>Where zero pages are found for <paramref name="p"/>: the scenario's choice, else this release's default; multifd detection without multifd channels is the migration thread's.</summary>
    public ZeroPageDetection ZeroPagesFor(MigrationParameters p)
    {
        var d = p.ZeroPageDetection ?? DefaultZeroPageDetection;
        return d == ZeroPageDetection.Multifd && p.Multifd is null ? ZeroPageDetection.Legacy : d;
    }
}
