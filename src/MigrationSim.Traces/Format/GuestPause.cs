using System.Text.Json;

namespace MigrationSim.Traces.Format;

/// <summary>
/// The pause the guest really sees: from the source's STOP event to the destination's RESUME
/// event. QEMU's own `downtime` ends when the source has written the last byte to its socket;
/// the bytes still in flight, the destination's loading of RAM and device state, and the
/// RESUME itself come after it. Both QEMUs run on this host and stamp events with its
/// real-time clock, so the two timestamps share one clock. Times in ms after the capture's start-utc.
/// </summary>
/// <param name="SourceStopMs">The source's last STOP (the switchover; the switch to postcopy in postcopy).</param>
/// <param name="DestinationResumeMs">The destination's first RESUME after it.</param>
public sealed record GuestPause(double SourceStopMs, double DestinationResumeMs)
{
    /// <summary>RESUME - STOP, ms.</summary>
    public double PauseMs => Math.Round(DestinationResumeMs - SourceStopMs, 3);

    /// <summary>From (event name, QEMU timestamp in µs) lists; null when the guest never stopped or never resumed on the destination.</summary>
    public static GuestPause? From(IEnumerable<(string Name, long TimestampUs)> source, IEnumerable<(string Name, long TimestampUs)> destination, DateTimeOffset start)
    {
        var stops = source.Where(e => e.Name == "STOP").ToList();
        if (stops.Count == 0) return null;
        long stopUs = stops[^1].TimestampUs;
        var resume = destination.Where(e => e.Name == "RESUME" && e.TimestampUs >= stopUs).Select(e => (long?)e.TimestampUs).FirstOrDefault();
        if (resume is not { } resumeUs) return null;
        double startUs = (start.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / (double)TimeSpan.TicksPerMicrosecond;
        return new GuestPause(Math.Round((stopUs - startUs) / 1000.0, 3), Math.Round((resumeUs - startUs) / 1000.0, 3));
    }

    /// <summary>From a capture's qmp-events.json (written by every capture, also before guest-pause-ms was recorded).</summary>
    public static GuestPause? FromEventsJson(string json, DateTimeOffset start)
    {
        using var doc = JsonDocument.Parse(json);
        List<(string, long)> Side(string name) =>
            doc.RootElement.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray()
                    .Where(e => e.TryGetProperty("event", out _) && e.TryGetProperty("qemu-timestamp-us", out _))
                    .Select(e => (e.GetProperty("event").GetString() ?? "", e.GetProperty("qemu-timestamp-us").GetInt64()))
                    .ToList()
                : [];
        return From(Side("source"), Side("destination"), start);
    }
}
