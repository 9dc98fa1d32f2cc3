using MigrationSim.Traces.Format;

namespace MigrationSim.Traces.Tests;

/// <summary>The QEMU trace logs of `capture --qemu-trace`, parsed from lines QEMU 10.0 wrote (a 256 MiB idle guest).</summary>
public sealed class QemuTraceLogTests
{
    private const string Recorded = """
        19646@1795830060.109785:migration_bitmap_sync_end dirty_pages 0
        19634@1795830060.112295:loadvm_state_setup 
        qemu-system-x86_64: a message that is not a trace event
        19634@1795830062.090075:vmstate_downtime_checkpoint dst-precopy-loadvm-completed
        19646@1795830062.061557:migration_bitmap_sync_end dirty_pages 105
        """;

    [Fact]
    public void Each_event_has_its_process_time_name_and_arguments_and_other_lines_are_skipped()
    {
        var events = QemuTraceLog.Parse(Recorded);

        Assert.Equal(4, events.Count);
        Assert.Equal(new QemuTraceEvent(19646, 1795830060.109785, "migration_bitmap_sync_end", "dirty_pages 0"), events[0]);
        Assert.Equal(new QemuTraceEvent(19634, 1795830060.112295, "loadvm_state_setup", ""), events[1]);
        Assert.Equal("dst-precopy-loadvm-completed", events[2].Arguments);
        // Microseconds survive: the destination finished loading 28.518 ms after the source's sync ended.
        Assert.Equal(28.518, (events[2].UnixSeconds - events[3].UnixSeconds) * 1000, 3);
    }

    [Fact]
    public void An_empty_or_foreign_log_has_no_events()
    {
        Assert.Empty(QemuTraceLog.Parse(""));
        Assert.Empty(QemuTraceLog.Parse("@:\n12@x:event\nabc@1.5:event\n12@1.5:\n"));
    }
}
