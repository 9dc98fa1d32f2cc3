namespace MigrationSim.Qemu.Installations;

/// <summary>
/// The Debian mirror this machine's apt uses, read from /etc/apt/sources.list and
/// /etc/apt/sources.list.d (one-line ".list" and deb822 ".sources" files), so debootstrap
/// fetches from the same place as apt-get does here.
/// </summary>
public static class AptMirror
{
    /// <summary>Used when no apt source names a Debian archive.</summary>
    public const string Fallback = "http://deb.debian.org/debian";

    /// <summary>The first binary ("deb") source that is a Debian archive and not the security one.</summary>
    public static string Find(string etcApt = "/etc/apt")
    {
        var files = new List<string>();
        var main = Path.Combine(etcApt, "sources.list");
        if (File.Exists(main)) files.Add(main);
        var parts = Path.Combine(etcApt, "sources.list.d");
        if (Directory.Exists(parts))
            files.AddRange(Directory.GetFiles(parts).Where(f => f.EndsWith(".list", StringComparison.Ordinal) || f.EndsWith(".sources", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            string text;
            try { text = File.ReadAllText(file); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { continue; }
            var found = file.EndsWith(".sources", StringComparison.Ordinal) ? FromDeb822(text) : FromOneLine(text);
            if (found is not null) return found;
        }

        return Fallback;
    }

    /// <summary>From "deb [options] URI suite components" lines.</summary>
    public static string? FromOneLine(string text)
    {
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Split('#')[0].Trim();
            if (!line.StartsWith("deb ", StringComparison.Ordinal)) continue;
            var words = line[4..].Trim();
            if (words.StartsWith('['))
            {
                int close = words.IndexOf(']');
                if (close < 0) continue;
                words = words[(close + 1)..].Trim();
            }
            var parts = words.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length >= 2 && IsDebianArchive(parts[0], [parts[1]])) return parts[0].TrimEnd('/');
        }

        return null;
    }

    /// <summary>From deb822 stanzas (Types:, URIs:, Suites:), blank-line separated.</summary>
    public static string? FromDeb822(string text)
    {
        foreach (var stanza in text.Replace("\r", "").Split("\n\n"))
        {
            var fields = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            foreach (var raw in stanza.Split('\n'))
            {
                if (raw.StartsWith('#')) continue;
                int colon = raw.IndexOf(':');
                if (colon > 0) fields[raw[..colon].Trim()] = raw[(colon + 1)..].Trim();
            }
            if (fields.TryGetValue("Enabled", out var enabled) && enabled.Equals("no", StringComparison.OrdinalIgnoreCase)) continue;
            if (!fields.TryGetValue("Types", out var types) || !types.Split(' ').Contains("deb")) continue;
            if (!fields.TryGetValue("URIs", out var uris) || !fields.TryGetValue("Suites", out var suites)) continue;
            var suiteList = suites.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            foreach (var uri in uris.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                if (IsDebianArchive(uri, suiteList)) return uri.TrimEnd('/');
        }

        return null;
    }

    // The security archive carries only updates; debootstrap needs the main archive.
    private static bool IsDebianArchive(string uri, IReadOnlyList<string> suites) =>
        uri.StartsWith("http", StringComparison.Ordinal) &&
        uri.TrimEnd('/').EndsWith("/debian", StringComparison.Ordinal) &&
        !suites.Any(s => s.Contains("security", StringComparison.Ordinal));
}
