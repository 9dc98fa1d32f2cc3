using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MigrationSim.Qemu.Capture;
using MigrationSim.Qemu.Guest;
using MigrationSim.Qemu.Processes;
using MigrationSim.Qemu.Qmp;

namespace MigrationSim.Qemu.DirtyRate;

/// <summary>
/// Measures a running guest's dirty rate the way an operator would before migrating it: QMP
/// calc-dirty-rate (page-sampling), then query-dirty-rate until its status is "measured". The
/// result is the QMP transcript of that exchange (one JSON message per line), which
/// `migsim plan --dirty-rate` reads like any recorded QMP reply.
/// </summary>
public static class DirtyRateProbe
{
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Runs the measurement on <paramref name="qmp"/> over <paramref name="calcTimeSeconds"/> (whole seconds, as QEMU 7.2 takes them).</summary>
    public static async Task<string> MeasureAsync(QmpClient qmp, int calcTimeSeconds, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(calcTimeSeconds, 1);
        var lines = new List<string>();
        async Task<JsonElement> Call(string command, JsonObject? arguments)
        {
            var request = new JsonObject { ["execute"] = command };
            if (arguments is not null) request["arguments"] = arguments.DeepClone();
            lines.Add(request.ToJsonString());
            var reply = await qmp.ExecuteAsync(command, arguments, CallTimeout, ct);
            lines.Add(new JsonObject { ["return"] = JsonNode.Parse(reply.GetRawText()) }.ToJsonString());
            return reply;
        }
        await Call("calc-dirty-rate", new JsonObject { ["calc-time"] = calcTimeSeconds, ["mode"] = "page-sampling" });
        var clock = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(calcTimeSeconds), ct);
        while (true)
        {
            var info = await Call("query-dirty-rate", null);
            if (info.TryGetProperty("status", out var s) && s.GetString() == "measured") break;
            if (clock.Elapsed > TimeSpan.FromSeconds(calcTimeSeconds + 30))
                throw new TimeoutException($"query-dirty-rate still says '{s.GetString()}' {clock.Elapsed.TotalSeconds:0} s after calc-dirty-rate");
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct);
        }
        return string.Join('\n', lines) + "\n";
    }

    /// <summary>
    /// Boots one guest as a capture's source would be (same image, memory and workload), waits for
    /// its workload to run, measures, and shuts it down. The QEMU process is reaped on every path.
    /// </summary>
    public static async Task<string> MeasureGuestAsync(CaptureSpec spec, int calcTimeSeconds, CancellationToken ct)
    {
        spec.Validate();
        var cacheDir = spec.CacheDirectory ?? CacheDirectory.Default;
        var image = await new GuestImageBuilder(cacheDir).BuildAsync(spec.KernelPath, ct);
        var accelerator = spec.Accelerator == Accelerator.Auto ? (await AcceleratorProbe.ResolveAsync(image, cacheDir, null, ct)).Item1 : spec.Accelerator;
        var work = Directory.CreateTempSubdirectory("migsim-dirty-").FullName;
        try
        {
            var options = new QemuLaunchOptions("guest", work, spec.MemoryBytes >> 20, image.KernelPath, image.InitramfsPath,
                QemuMigrationRunner.KernelCommandLine(spec), accelerator);
            await using var guest = await QemuLauncher.StartAsync(options, ct);
            var serial = new SerialLogWatcher(guest.SerialLogPath);
            var ready = await serial.WaitForLineAsync(l => l.Contains(SerialLogWatcher.ReadyMarker, StringComparison.Ordinal), 0, spec.BootTimeout, () => !guest.HasExited, ct);
            if (ready is null)
                throw new TimeoutException($"the guest printed no '{SerialLogWatcher.ReadyMarker}' within {spec.BootTimeout.TotalSeconds:0} s");
            if (spec.SettleTime > TimeSpan.Zero) await Task.Delay(spec.SettleTime, ct);
            string transcript = await MeasureAsync(guest.Qmp, calcTimeSeconds, ct);
            await guest.ShutdownAsync(TimeSpan.FromSeconds(5));
            return transcript;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }
}
