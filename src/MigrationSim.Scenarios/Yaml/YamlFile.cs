using System.Text;
using MigrationSim.Scenarios.Limits;

namespace MigrationSim.Scenarios.Yaml;

/// <summary>
/// Reads a YAML file the user named: at most <see cref="InputLimits.MaxFileBytes"/> bytes (a
/// device or pipe with endless content is refused, not read until memory runs out), decoded
/// strictly as UTF-8, or as UTF-16/32 when a byte-order mark says so, as YAML allows.
/// Every failure is a <see cref="ScenarioException"/> saying what to give instead.
/// </summary>
public static class YamlFile
{
    /// <summary>The text of <paramref name="path"/>; <paramref name="what"/> ("scenario file") names it in errors.</summary>
    public static string Read(string path, string what)
    {
        if (string.IsNullOrWhiteSpace(path))
            throw new ScenarioException("(empty path)", 0, 0, null, $"no {what} given: the path is empty");
        if (Directory.Exists(path))
            throw new ScenarioException(path, 0, 0, null, $"is a folder, not a {what}; give a YAML file (e.g. scenarios/quickstart.yaml)");
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1);
            bytes = ReadAtMost(stream, InputLimits.MaxFileBytes + 1);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ScenarioException(path, 0, 0, null, $"cannot read the {what}: {Excerpt.Of(e.Message, 300)}");
        }
        if (bytes.Length > InputLimits.MaxFileBytes)
            throw new ScenarioException(path, 0, 0, null,
                $"is larger than {InputLimits.MaxFileBytes / 1024} KiB (a {what} is a small YAML file); reading stopped there");
        try
        {
            return Decode(bytes);
        }
        catch (DecoderFallbackException e)
        {
            int line = 1 + bytes.AsSpan(0, Math.Clamp(e.Index, 0, bytes.Length)).Count((byte)'\n');
            throw new ScenarioException(path, line, 0, null, $"is not UTF-8 text (an invalid byte near line {line}); a {what} is a YAML text file");
        }
    }

    private static byte[] ReadAtMost(Stream stream, int limit)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while (buffer.Length < limit && (n = stream.Read(chunk, 0, (int)Math.Min(chunk.Length, limit - buffer.Length))) > 0)
            buffer.Write(chunk, 0, n);
        return buffer.ToArray();
    }

    private static string Decode(byte[] bytes)
    {
        ReadOnlySpan<byte> b = bytes;
        // UTF-32 marks first: the UTF-16 LE mark is a prefix of the UTF-32 LE one.
        (Encoding encoding, int skip) = b switch
        {
            [0xFF, 0xFE, 0x00, 0x00, ..] => (new UTF32Encoding(false, false, true), 4),
            [0x00, 0x00, 0xFE, 0xFF, ..] => (new UTF32Encoding(true, false, true), 4),
            [0xEF, 0xBB, 0xBF, ..] => (new UTF8Encoding(false, true), 3),
            [0xFF, 0xFE, ..] => (new UnicodeEncoding(false, false, true), 2),
            [0xFE, 0xFF, ..] => (new UnicodeEncoding(true, false, true), 2),
            _ => ((Encoding)new UTF8Encoding(false, true), 0),
        };
        return encoding.GetString(bytes, skip, bytes.Length - skip);
    }
}
