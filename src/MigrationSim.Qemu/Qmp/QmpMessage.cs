using System.Text.Json;

namespace MigrationSim.Qemu.Qmp;

/// <summary>
/// One message from QEMU, parsed. QEMU sends exactly one JSON object per line: the greeting
/// ({"QMP": ...}), a reply ({"return": ...} or {"error": ...}, echoing the request's "id"),
/// or an event ({"event": ..., "timestamp": ...}).
/// </summary>
public sealed record QmpMessage(
    QmpMessageKind Kind,
    string? Id,
    JsonElement Payload,
    string? ErrorClass,
    string? ErrorDescription,
    QmpEvent? Event)
{
    /// <summary>Parses one line of QMP output; throws <see cref="FormatException"/> naming what was wrong.</summary>
    public static QmpMessage Parse(string line, DateTimeOffset receivedUtc)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(line);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"QMP message is not valid JSON ({ex.Message}): {Truncate(line)}", ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
            throw new FormatException($"QMP message is not a JSON object: {Truncate(line)}");

        string? id = root.TryGetProperty("id", out var idElement) ? IdToString(idElement) : null;

        if (root.TryGetProperty("QMP", out var greeting))
            return new QmpMessage(QmpMessageKind.Greeting, null, greeting, null, null, null);

        if (root.TryGetProperty("return", out var result))
            return new QmpMessage(QmpMessageKind.Return, id, result, null, null, null);

        if (root.TryGetProperty("error", out var error))
        {
            string errorClass = error.TryGetProperty("class", out var c) ? c.GetString() ?? "" : "";
            string desc = error.TryGetProperty("desc", out var d) ? d.GetString() ?? "" : "";
            return new QmpMessage(QmpMessageKind.Error, id, error, errorClass, desc, null);
        }

        if (root.TryGetProperty("event", out var name))
        {
            long micros = 0;
            if (root.TryGetProperty("timestamp", out var ts)
                && ts.TryGetProperty("seconds", out var s) && ts.TryGetProperty("microseconds", out var us))
            {
                micros = s.GetInt64() * 1_000_000 + us.GetInt64();
            }

            var data = root.TryGetProperty("data", out var dataElement) ? dataElement : default;
            var ev = new QmpEvent(name.GetString() ?? "", data, micros, receivedUtc);
            return new QmpMessage(QmpMessageKind.Event, null, root, null, null, ev);
        }

        throw new FormatException($"QMP message is neither greeting, reply nor event: {Truncate(line)}");
    }

    private static string? IdToString(JsonElement id) =>
        id.ValueKind == JsonValueKind.String ? id.GetString() : id.GetRawText();

    private static string Truncate(string s) => s.Length <= 200 ? s : s[..200] + "...";
}
