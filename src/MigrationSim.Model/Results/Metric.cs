using System.Globalization;
using MigrationSim.Model.Text;

namespace MigrationSim.Model.Results;

/// <summary>
/// One output figure of a migration, defined once (in <see cref="Metrics"/>): its name, unit and
/// how to read it from a result. Everything that shows figures takes them from here: the CSV
/// columns of summary.csv and a sweep's results.csv (<see cref="Name"/>, <see cref="Cell"/>), the
/// console summary (<see cref="Description"/>, <see cref="Show"/>), the figures' axes
/// (<see cref="PlotLabel"/>, <see cref="PlotScale"/>) and validation, which compares a simulated
/// result with a capture through the same <see cref="Read"/>: a capture's final query-migrate
/// figures fill the same <see cref="MigrationSummary"/> fields under the same names, and
/// <see cref="InQueryMigrate"/> says whether a capture has this one at all.
/// </summary>
/// <param name="Name">The column and key: query-migrate's spelling where QEMU reports the figure ("total-time", "dirty-sync-count"), else the simulator's own ("vcpu-blocked-ms").</param>
/// <param name="Unit">The unit <see cref="Read"/> returns and files store.</param>
/// <param name="Description">A few words for people: "total time".</param>
/// <param name="Read">The value in a result; null when the result has none (no downtime for a cancelled migration, no fault latency without faults).</param>
/// <param name="InQueryMigrate">query-migrate reports it, so a real migration's capture has it too.</param>
/// <param name="PlotLabel">Axis label, with the unit the axis shows ("total time (s)").</param>
/// <param name="PlotScale">Factor from <see cref="Unit"/> to the axis's unit (1e-3 for ms shown in s).</param>
public sealed record Metric(
    string Name,
    MetricUnit Unit,
    string Description,
    Func<MigrationSummary, double?> Read,
    bool InQueryMigrate,
    string PlotLabel,
    double PlotScale = 1)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    /// <summary>Digits kept in files: "0.###" unless the metric needs more (a fraction).</summary>
    public string CsvFormat { get; init; } = "0.###";

    /// <summary>The cell a CSV file holds for <paramref name="s"/>: the number in <see cref="Unit"/>, true/false for a yes/no, empty when absent.</summary>
    public string? Cell(MigrationSummary s) => Read(s) switch
    {
        null => null,
        { } v when Unit == MetricUnit.Boolean => v != 0 ? "true" : "false",
        { } v when double.IsNaN(v) => "",
        { } v => v.ToString(CsvFormat, C),
    };

    /// <summary>A value of this metric for people: "11.44 s", "1.46 GiB", "99.7 %".</summary>
    public string Show(double value) => Unit switch
    {
        MetricUnit.Milliseconds => Quantity.Milliseconds(value),
        MetricUnit.Bytes => Quantity.Bytes(value),
        MetricUnit.Pages => $"{Quantity.Count(value)} pages",
        MetricUnit.Count => Quantity.Count(value),
        MetricUnit.Percent => $"{value.ToString("0.#", C)} %",
        MetricUnit.MegabitsPerSecond => $"{value.ToString("0.#", C)} Mbit/s",
        MetricUnit.Fraction => value.ToString("P1", C),
        MetricUnit.Boolean => value != 0 ? "yes" : "no",
        _ => value.ToString(C),
    };
}
