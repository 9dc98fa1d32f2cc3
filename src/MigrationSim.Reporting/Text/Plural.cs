using System.Globalization;

namespace MigrationSim.Reporting.Text;

/// <summary>Counted nouns for people: "1 run", "3 runs", "1 replication".</summary>
public static class Plural
{
    public static string Of(long n, string noun, string? plural = null) =>
        n == 1 ? $"1 {noun}" : $"{n.ToString(CultureInfo.InvariantCulture)} {plural ?? noun + "s"}";
}
