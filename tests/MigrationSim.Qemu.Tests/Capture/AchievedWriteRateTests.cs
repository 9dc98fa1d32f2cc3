using MigrationSim.Qemu.Capture;

namespace MigrationSim.Qemu.Tests.Capture;

public sealed class AchievedWriteRateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private static WorkloadReport At(double hostS, double guestS, long total) => new(T0.AddSeconds(hostS), guestS, 0, total);

    [Fact]
    public void Serial_report_line_is_parsed()
    {
        Assert.True(SerialLogWatcher.TryParseReport("migsim: t=12.001 writes=2000 total=24000", T0, out var r));
        Assert.Equal((12.001, 2000L, 24000L), (r.GuestSeconds, r.Writes, r.TotalWrites));
        Assert.False(SerialLogWatcher.TryParseReport("[    1.0] migsim: ready ws=1", T0, out _));
    }

    [Fact]
    public void Rate_spans_source_and_destination_lines_around_the_migration()
    {
        // Source prints until the switch, the destination continues the same counters.
        var src = new[] { At(0, 1, 1000), At(1, 2, 2000), At(2, 3, 3000) };
        var dst = new[] { At(3.5, 4, 3500), At(4.5, 5, 4500) };

        var rate = QemuMigrationRunner.AchievedWriteRate(src, dst, T0.AddSeconds(1.5), T0.AddSeconds(3.6));

        // From the last line before the start (guest 2 s, 2000) to the first after the end (guest 5 s, 4500).
        Assert.Equal(2500 / 3.0, rate!.Value, 6);
    }

    [Fact]
    public void Too_few_lines_give_no_rate()
    {
        Assert.Null(QemuMigrationRunner.AchievedWriteRate([At(0, 1, 10)], [], T0, T0.AddSeconds(1)));
    }
}
