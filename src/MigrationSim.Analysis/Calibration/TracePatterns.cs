using System.Text.RegularExpressions;

namespace MigrationSim.Analysis.Calibration;

/// <summary>Comma-separated trace-name patterns with * and ?, as --calibrate and calibration.txt write them.</summary>
public static class TracePatterns
{
    public static Func<string, bool> Parse(string patterns)
    {
        var regexes = patterns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(p => new Regex("^" + Regex.Escape(p).Replace("\\*", ".*").Replace("\\?", ".") + "$"))
            .ToList();
        return name => regexes.Any(r => r.IsMatch(name));
    }
}
