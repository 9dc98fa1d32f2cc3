namespace MigrationSim.Scenarios.Limits;

/// <summary>
/// A scenario's or sweep's name becomes a folder (results/runs/NAME, results/sweeps/NAME,
/// results/plans/NAME, a capture folder), so it must be one plain path segment: a name such as
/// '../../x', '/tmp/x' or '' would otherwise write outside the results folder.
/// </summary>
public static class OutputName
{
    /// <summary>Why <paramref name="name"/> cannot name a folder (a phrase that follows the quoted name), or null when it can.</summary>
    public static string? Problem(string name)
    {
        if (string.IsNullOrWhiteSpace(name)) return "is empty; the name names the output folder";
        if (name.Length > InputLimits.MaxNameChars) return $"is {name.Length} characters long; at most {InputLimits.MaxNameChars}";
        if (name is "." or "..") return "would name a folder outside the results folder";
        if (name.IndexOfAny(['/', '\\']) >= 0) return "contains '/' or '\\'; the name names one folder, not a path (use --out for another place)";
        if (name.Any(char.IsControl)) return "contains a control character";
        if (name.StartsWith('.')) return "starts with '.', which marks migsim's temporary folders";
        if (name != name.Trim()) return "starts or ends with a space";
        return null;
    }
}
