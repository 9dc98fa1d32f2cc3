using System.Globalization;
using System.Text.RegularExpressions;
using MigrationSim.Scenarios.Limits;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// Values of a <c>range:</c> axis. "16MiB/s" to "128MiB/s" is split into number and unit; the
/// number is interpolated (linearly or geometrically) and the unit written back unchanged, so the
/// scenario parser sees the same kind of text a user would write. Both ends must use the same unit.
/// Two whole numbers without a unit give whole numbers (for keys such as max-iterations).
/// </summary>
public static partial class NumericRange
{
    [GeneratedRegex(@"^\s*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)(\s*)(.*?)\s*$")]
    private static partial Regex NumberAndUnit();

    /// <summary><paramref name="steps"/> values from <paramref name="from"/> to <paramref name="to"/> (both included when steps &gt; 1), evenly or geometrically spaced, in their unit; null with the reason in <paramref name="error"/>.</summary>
    public static IReadOnlyList<string>? Values(string from, string to, long steps, bool logScale, out string error)
    {
        error = "";
        if (steps < 1) { error = $"steps is {steps}: the range is empty; use steps: 1 or more"; return null; }
        if (!Split(from, out double a, out string sep, out string unit, out bool aInt)) { error = $"from: '{Excerpt.Of(from)}' is not a number with an optional unit (e.g. 16MiB/s)"; return null; }
        if (!Split(to, out double b, out _, out string unit2, out bool bInt)) { error = $"to: '{Excerpt.Of(to)}' is not a number with an optional unit (e.g. 128MiB/s)"; return null; }
        if (!string.Equals(unit, unit2, StringComparison.Ordinal))
        {
            error = $"from and to must use the same unit ('{Excerpt.Of(unit)}' vs '{Excerpt.Of(unit2)}'), so the number can be interpolated and the unit kept";
            return null;
        }
        if (logScale && (a <= 0 || b <= 0)) { error = "scale: log needs from and to greater than zero"; return null; }
        bool whole = aInt && bInt && unit.Length == 0;
        var list = new List<string>((int)Math.Min(steps, 1_000_000));
        for (long i = 0; i < steps; i++)
        {
            double t = steps == 1 ? 0 : (double)i / (steps - 1);
            double v = i == steps - 1 && steps > 1 ? b : logScale ? a * Math.Pow(b / a, t) : a + (b - a) * t;
            string num = whole ? Math.Round(v).ToString("0", CultureInfo.InvariantCulture) : Round(v);
            list.Add(unit.Length == 0 ? num : num + sep + unit);
        }
        return list;
    }

    // Six significant digits: enough to tell steps apart, short enough to read in a CSV cell.
    private static string Round(double v)
    {
        if (v == 0) return "0";
        int digits = Math.Max(0, 5 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
        return Math.Round(v, Math.Min(digits, 15)).ToString("0.###############", CultureInfo.InvariantCulture);
    }

    private static bool Split(string text, out double value, out string separator, out string unit, out bool integer)
    {
        value = 0; separator = ""; unit = ""; integer = false;
        var m = (text ?? "").Length <= Units.UnitParser.MaxQuantityChars ? NumberAndUnit().Match(text ?? "") : Match.Empty;
        if (!m.Success || !double.TryParse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out value) || !double.IsFinite(value)) return false;
        separator = m.Groups[2].Value.Length > 0 ? " " : "";
        unit = m.Groups[3].Value;
        integer = !m.Groups[1].Value.Contains('.') && !m.Groups[1].Value.Contains('e') && !m.Groups[1].Value.Contains('E');
        return true;
    }
}
