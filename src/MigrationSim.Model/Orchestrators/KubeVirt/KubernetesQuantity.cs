using System.Globalization;
using System.Text.RegularExpressions;

namespace MigrationSim.Model.Orchestrators.KubeVirt;

/// <summary>
/// A Kubernetes resource quantity (k8s.io/apimachinery/pkg/api/resource): a decimal number with
/// a binary suffix (Ki, Mi, Gi, Ti, Pi, Ei), a decimal one (m, k, M, G, T, P, E) or an exponent
/// (1e6). KubeVirt writes bandwidthPerMigration this way ("64Mi" = 64 MiB/s).
/// </summary>
public static partial class KubernetesQuantity
{
    [GeneratedRegex(@"^\s*([+-]?(?:\d+\.?\d*|\.\d+))(Ki|Mi|Gi|Ti|Pi|Ei|m|k|M|G|T|P|E|[eE][+-]?\d+)?\s*$")]
    private static partial Regex Pattern();

    /// <summary>The quantity's value, or null and why not.</summary>
    public static double? Parse(string text, out string error)
    {
        error = "";
        var m = Pattern().Match(text ?? "");
        if (!m.Success)
        {
            error = $"'{text}' is not a Kubernetes quantity; write e.g. 64Mi (MiB/s), 1Gi, 100M or 0";
            return null;
        }
        double number = double.Parse(m.Groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        string suffix = m.Groups[2].Value;
        double factor = suffix switch
        {
            "" => 1,
            "Ki" => 1L << 10, "Mi" => 1L << 20, "Gi" => 1L << 30, "Ti" => 1L << 40, "Pi" => 1L << 50, "Ei" => 1L << 60,
            "m" => 1e-3, "k" => 1e3, "M" => 1e6, "G" => 1e9, "T" => 1e12, "P" => 1e15, "E" => 1e18,
            _ => Math.Pow(10, int.Parse(suffix[1..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture)),
        };
        return number * factor;
    }

    /// <summary>resource.Quantity.ScaledValue(resource.Giga): the value in units of 10^9, rounded up (KubeVirt's getVMIMigrationDataSize).</summary>
    public static long CeilGiga(long bytes) => (bytes + 999_999_999L) / 1_000_000_000L;
}
