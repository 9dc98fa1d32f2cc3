using System.Text.Json;
using MigrationSim.Qemu.DirtyRate;
using MigrationSim.Qemu.Processes;
using MigrationSim.Qemu.Tests.Infrastructure;

namespace MigrationSim.Qemu.Tests.RealQemu;

/// <summary>calc-dirty-rate on a real QEMU started with -S: the vCPU never runs, so nothing is dirtied.</summary>
public sealed class DirtyRateProbeRealQemuTests
{
    [QemuFact]
    public async Task A_paused_guest_measures_zero_and_the_transcript_ends_with_the_measured_reply()
    {
        string dir = Directory.CreateTempSubdirectory("migsim-dirty-real-").FullName;
        int pid = 0;
        try
        {
            await using (var qemu = await QemuLauncher.StartAsync(new QemuLaunchOptions("paused", dir, 64, null, null, null, Accelerator.Tcg, StartPaused: true), CancellationToken.None))
            {
                pid = qemu.Pid;
                string transcript = await DirtyRateProbe.MeasureAsync(qemu.Qmp, 1, CancellationToken.None);
                var lines = transcript.TrimEnd('\n').Split('\n');
                Assert.Equal("""{"execute":"calc-dirty-rate","arguments":{"calc-time":1,"mode":"page-sampling"}}""", lines[0]);
                using var last = JsonDocument.Parse(lines[^1]);
                var info = last.RootElement.GetProperty("return");
                Assert.Equal("measured", info.GetProperty("status").GetString());
                Assert.Equal(0, info.GetProperty("dirty-rate").GetInt64());
                // QEMU reports the window it really measured: 1 s asked, longer on a loaded host (3 s seen here).
                Assert.InRange(info.GetProperty("calc-time").GetInt64(), 1, 30);
            }
            ProcessAssert.Gone(pid, "paused qemu");
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
