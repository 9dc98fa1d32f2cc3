using System.Globalization;
using System.Text.Json;
using MigrationSim.Traces.QueryMigrate;

namespace MigrationSim.Traces.Format;

/// <summary>Reads a capture folder (trace.csv + summary.json) back into records.</summary>
public static class TraceReader
{
    public static CaptureTrace Read(string folder)
    {
        var csvPath = Path.Combine(folder, TraceFiles.Trace);
        var summaryPath = Path.Combine(folder, TraceFiles.Summary);
        if (!File.Exists(csvPath))
            throw new TraceFormatException(csvPath, null, "file is missing");
        if (!File.Exists(summaryPath))
            throw new TraceFormatException(summaryPath, null, "file is missing");
        var summary = ParseSummary(File.ReadAllText(summaryPath), summaryPath);
        var eventsPath = Path.Combine(folder, TraceFiles.QmpEvents);
        if (summary.GuestPauseMs is null && File.Exists(eventsPath))
            summary = WithGuestPause(summary, File.ReadAllText(eventsPath), eventsPath);
        return new CaptureTrace(folder, ParseCsv(File.ReadAllText(csvPath), csvPath), summary);
    }

    /// <summary>
    /// Captures from before guest-pause-ms was recorded still have qmp-events.json, whose STOP and
    /// RESUME timestamps give the same figure.
    /// </summary>
    public static CaptureSummary WithGuestPause(CaptureSummary summary, string eventsJson, string fileName)
    {
        GuestPause? pause;
        try
        {
            pause = GuestPause.FromEventsJson(eventsJson, summary.StartUtc);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new TraceFormatException(fileName, null, "invalid QMP event list: " + ex.Message, ex);
        }

        return pause is null ? summary : summary with
        {
            SourceStopMs = pause.SourceStopMs,
            DestinationResumeMs = pause.DestinationResumeMs,
            GuestPauseMs = pause.PauseMs,
        };
    }

    public static CaptureSummary ParseSummary(string json, string fileName)
    {
        try
        {
            return JsonSerializer.Deserialize<CaptureSummary>(json, TraceWriter.JsonOptions)
                ?? throw new TraceFormatException(fileName, null, "is JSON null, expected an object");
        }
        catch (JsonException ex)
        {
            int? line = ex.LineNumber is { } l ? (int)l + 1 : null;
            throw new TraceFormatException(fileName, line, $"invalid summary ({ex.Path}): {ex.Message}", ex);
        }
    }

    public static IReadOnlyList<CapturedSample> ParseCsv(string text, string fileName)
    {
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0].TrimEnd('\r').Length == 0)
            throw new TraceFormatException(fileName, 1, "empty file, expected a header starting with " + TraceColumns.ElapsedMs);

        var header = SplitRow(lines[0].TrimEnd('\r'), fileName, 1);
        if (header[0] != TraceColumns.ElapsedMs)
            throw new TraceFormatException(fileName, 1, $"first column is '{header[0]}', expected '{TraceColumns.ElapsedMs}'");
        var byName = TraceColumns.Fields.ToDictionary(c => c.Name);
        var columns = new TraceColumn?[header.Count];
        for (int c = 1; c < header.Count; c++)
        {
            // Unknown columns are skipped so a newer writer's extra fields do not break an older reader.
            columns[c] = byName.GetValueOrDefault(header[c]);
        }

        var samples = new List<CapturedSample>();
        for (int n = 1; n < lines.Length; n++)
        {
            var line = lines[n].TrimEnd('\r');
            if (line.Length == 0)
                continue;
            int lineNumber = n + 1;
            var cells = SplitRow(line, fileName, lineNumber);
            if (cells.Count != header.Count)
                throw new TraceFormatException(fileName, lineNumber, $"{cells.Count} cells, header has {header.Count}");
            if (!long.TryParse(cells[0], NumberStyles.None, CultureInfo.InvariantCulture, out var elapsed))
                throw new TraceFormatException(fileName, lineNumber, $"{TraceColumns.ElapsedMs} '{cells[0]}' is not a non-negative integer");

            var info = new MigrationInfo();
            for (int c = 1; c < cells.Count; c++)
            {
                if (columns[c] is not { } column || cells[c].Length == 0)
                    continue;
                try
                {
                    info = column.Parse(info, cells[c]);
                }
                catch (FormatException ex)
                {
                    throw new TraceFormatException(fileName, lineNumber, $"column '{column.Name}': '{cells[c]}' is not a number", ex);
                }
                catch (OverflowException ex)
                {
                    throw new TraceFormatException(fileName, lineNumber, $"column '{column.Name}': '{cells[c]}' is out of range", ex);
                }
            }

            samples.Add(new CapturedSample(elapsed, info));
        }

        return samples;
    }

    private static List<string> SplitRow(string line, string fileName, int lineNumber)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char ch = line[i];
            if (quoted)
            {
                if (ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
                else if (ch == '"') quoted = false;
                else cell.Append(ch);
            }
            else if (ch == '"' && cell.Length == 0) quoted = true;
            else if (ch == ',') { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }

        if (quoted)
            throw new TraceFormatException(fileName, lineNumber, "unterminated quoted cell");
        cells.Add(cell.ToString());
        return cells;
    }
}
