namespace MigrationSim.Scenarios.Suggestions;

/// <summary>"Did you mean ...?": the known name nearest to a mistyped one, by edit distance.</summary>
public static class NearestName
{
    /// <summary>The nearest of <paramref name="known"/>, or null when none is within max(2, a third of the name's length) edits.</summary>
    public static string? Suggest(string name, IEnumerable<string> known)
    {
        string? near = known.MinBy(a => Distance(a, name));
        return near is not null && Distance(near, name) <= Math.Max(2, name.Length / 3) ? near : null;
    }

    /// <summary>Levenshtein distance: insertions, deletions and substitutions.</summary>
    public static int Distance(string a, string b)
    {
        // Names are short; a huge one is no misspelling, and the table would be huge too.
        if (a.Length > 200 || b.Length > 200) return int.MaxValue / 2;
        var d = new int[a.Length + 1, b.Length + 1];
        for (int i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (int j = 0; j <= b.Length; j++) d[0, j] = j;
        for (int i = 1; i <= a.Length; i++)
            for (int j = 1; j <= b.Length; j++)
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
        return d[a.Length, b.Length];
    }
}
