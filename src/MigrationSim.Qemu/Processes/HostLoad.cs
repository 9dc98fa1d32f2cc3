using System.Globalization;

namespace MigrationSim.Qemu.Processes;

/// <summary>
/// The host's load average (/proc/loadavg). TCG guests and QEMU's migration thread are CPU-bound, so a
/// capture taken while other work runs is slower and noisier than the migration it stands for (an idle
/// 512 MiB guest over loopback: 0.19 s on an idle 2-core host, 3.0 s beside a build at nice 19).
/// </summary>
public static class HostLoad
{
    /// <summary>One-minute load above which <c>capture</c> warns: half the cores busy.</summary>
    public static double BusyAbove => Environment.ProcessorCount * 0.5;

    /// <summary>The one-minute load average, or null where /proc/loadavg cannot be read.</summary>
    public static double? OneMinute()
    {
        try
        {
            string first = File.ReadAllText("/proc/loadavg").Split(' ', 2)[0];
            return double.TryParse(first, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) ? v : null;
        }
        catch (IOException) { return null; }
        catch (UnauthorizedAccessException) { return null; }
    }
}
