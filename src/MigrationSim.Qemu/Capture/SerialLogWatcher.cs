using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MigrationSim.Qemu.Capture;

/// <summary>
/// Follows a QEMU serial log file (-serial file:...) as the guest writes it, keeping every line
/// and the workload's progress reports with the host time they were seen.
/// </summary>
public sealed partial class SerialLogWatcher(string path)
{
    public const string ReadyMarker = "migsim: ready";

    private readonly List<string> _lines = [];
    private readonly List<WorkloadReport> _reports = [];
    private readonly StringBuilder _partial = new();
    private long _offset;

    public string Path { get; } = path;

    public IReadOnlyList<string> Lines
    {
        get { lock (_lines) return _lines.ToArray(); }
    }

    public IReadOnlyList<WorkloadReport> Reports
    {
        get { lock (_lines) return _reports.ToArray(); }
    }

    /// <summary>Reads whatever the guest has written since the last call.</summary>
    public void Poll()
    {
        if (!File.Exists(Path))
            return;
        lock (_lines)
        {
            using var fs = new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (fs.Length <= _offset)
                return;
            fs.Seek(_offset, SeekOrigin.Begin);
            var buffer = new byte[fs.Length - _offset];
            int read = fs.ReadAtLeast(buffer, buffer.Length, throwOnEndOfStream: false);
            _offset += read;
            var now = DateTimeOffset.UtcNow;
            _partial.Append(Encoding.UTF8.GetString(buffer, 0, read));
            var text = _partial.ToString();
            int lastNewline = text.LastIndexOf('\n');
            if (lastNewline < 0)
                return;
            _partial.Clear().Append(text, lastNewline + 1, text.Length - lastNewline - 1);
            foreach (var raw in text[..lastNewline].Split('\n'))
            {
                var line = raw.TrimEnd('\r');
                _lines.Add(line);
                if (TryParseReport(line, now, out var report))
                    _reports.Add(report);
            }
        }
    }

    /// <summary>Parses "migsim: t=12.001 writes=2000 total=24000".</summary>
    public static bool TryParseReport(string line, DateTimeOffset receivedUtc, out WorkloadReport report)
    {
        var m = ReportLine().Match(line);
        if (!m.Success)
        {
            report = null!;
            return false;
        }

        report = new WorkloadReport(
            receivedUtc,
            double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture),
            long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture));
        return true;
    }

    /// <summary>
    /// Polls the file until a line matching <paramref name="match"/> appears (counting lines already
    /// seen from index <paramref name="fromLine"/>), the time runs out, or <paramref name="stillAlive"/> says the VM died.
    /// </summary>
    public async Task<string?> WaitForLineAsync(Func<string, bool> match, int fromLine, TimeSpan timeout, Func<bool> stillAlive, CancellationToken ct)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            Poll();
            lock (_lines)
            {
                for (int i = fromLine; i < _lines.Count; i++)
                {
                    if (match(_lines[i]))
                        return _lines[i];
                }
            }

            if (DateTimeOffset.UtcNow >= deadline || !stillAlive())
                return null;
            // The guest writes at most a line per second: 50 ms keeps the added latency negligible.
            await Task.Delay(50, ct);
        }
    }

    public int LineCount
    {
        get { lock (_lines) return _lines.Count; }
    }

    [GeneratedRegex(@"migsim: t=([0-9.]+) writes=([0-9]+) total=([0-9]+)")]
    private static partial Regex ReportLine();
}
