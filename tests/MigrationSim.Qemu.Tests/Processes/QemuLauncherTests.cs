using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Tests.Processes;

public sealed class QemuLauncherTests
{
    private static QemuLaunchOptions Options(IReadOnlyList<string>? trace) =>
        new("dst", "/w", 256, "/k", "/i", "console=ttyS0", Accelerator.Tcg, IncomingUri: "defer", TraceEvents: trace);

    [Fact]
    public void Trace_events_are_enabled_one_by_one_timestamped_into_the_sides_own_log()
    {
        var args = QemuLauncher.BuildArguments(Options(["vmstate_downtime*", "ram_load_loop"]));

        int msg = args.ToList().IndexOf("-msg");
        Assert.True(msg >= 0, string.Join(' ', args));
        Assert.Equal(["-msg", "timestamp=on", "-trace", "enable=vmstate_downtime*", "-trace", "enable=ram_load_loop", "-D", "/w/qemu-trace-dst.log"],
            args.Skip(msg));
        Assert.Equal("/w/qemu-trace-dst.log", Options(null).TraceLogPath);
    }

    [Fact]
    public void Without_trace_events_QEMU_gets_no_trace_or_log_options()
    {
        foreach (var trace in new[] { null, Array.Empty<string>() })
        {
            var args = QemuLauncher.BuildArguments(Options(trace));
            Assert.DoesNotContain("-trace", args);
            Assert.DoesNotContain("-D", args);
            Assert.DoesNotContain("-msg", args);
        }
    }
}
