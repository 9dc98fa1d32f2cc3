using System.Globalization;

namespace MigrationSim.Traces.Format;

/// <summary>One line of QEMU's log trace backend with -msg timestamp=on: "PID@SECONDS.MICROSECONDS:event args".</summary>
/// <param name="Pid">The QEMU process.</param>
/// <param name="UnixSeconds">When, on the host's realtime clock (seconds since the epoch, microsecond resolution).</param>
/// <param name="Event">The trace event's name, e.g. "vmstate_downtime_checkpoint".</param>
/// <param name="Arguments">The rest of the line as QEMU formatted it, e.g. "src-downtime-start".</param>
public sealed record QemuTraceEvent(int Pid, double UnixSeconds, string Event, string Arguments);

/// <summary>
/// Reads the qemu-trace-src.log and qemu-trace-dst.log that `migsim capture --qemu-trace` records.
/// Both sides stamp on one clock, so their events interleave by time.
/// </summary>
public static class QemuTraceLog
{
    /// <summary>The events of a log, in file order; lines of another shape (QEMU's own messages) are skipped.</summary>
    public static IReadOnlyList<QemuTraceEvent> Parse(string text)
    {
        var events = new List<QemuTraceEvent>();
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            int at = line.IndexOf('@'), colon = line.IndexOf(':');
            if (at <= 0 || colon <= at + 1) continue;
            var head = line[..colon];
            var rest = line[(colon + 1)..];
            if (!int.TryParse(head[..at], NumberStyles.None, CultureInfo.InvariantCulture, out int pid)
                || !double.TryParse(head[(at + 1)..], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out double seconds))
                continue;
            int space = rest.IndexOf(' ');
            string name = (space < 0 ? rest : rest[..space]).ToString();
            if (name.Length == 0) continue;
            events.Add(new QemuTraceEvent(pid, seconds, name, space < 0 ? "" : rest[(space + 1)..].Trim().ToString()));
        }
        return events;
    }

    /// <summary>The events of a capture folder's trace log for one side (<see cref="TraceFiles.QemuTraceSource"/> or <see cref="TraceFiles.QemuTraceDestination"/>).</summary>
    public static IReadOnlyList<QemuTraceEvent> Read(string captureFolder, string file) => Parse(File.ReadAllText(Path.Combine(captureFolder, file)));
}
