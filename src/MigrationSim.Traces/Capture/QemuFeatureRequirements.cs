using MigrationSim.Model.Migration;

namespace MigrationSim.Traces.Capture;

/// <summary>
/// The QEMU release each migration setting first appeared in (qapi/migration.json, "Since"), so
/// a capture is refused up front with the setting's QEMU name instead of failing in
/// migrate-set-parameters halfway through.
/// </summary>
public static class QemuFeatureRequirements
{
    /// <summary>QEMU name -> first release. Settings older than 7.2 (xbzrle, multifd, compression) are absent.</summary>
    public static IReadOnlyDictionary<string, QemuVersion> Since { get; } = new Dictionary<string, QemuVersion>
    {
        ["dirty-limit"] = new(8, 1),
        ["vcpu-dirty-limit"] = new(8, 1),
        ["x-vcpu-dirty-limit-period"] = new(8, 1),
        ["avail-switchover-bandwidth"] = new(8, 2),
        ["zero-page-detection"] = new(9, 0),
    };

    /// <summary>The QEMU names of the capabilities and parameters turned on.</summary>
    public static IEnumerable<string> Used(MigrationCapabilities capabilities, MigrateSetParameters parameters)
    {
        if (capabilities.DirtyLimit) yield return "dirty-limit";
        foreach (var (name, _) in parameters.ToQmpArguments())
            yield return name;
    }

    /// <summary>One message per setting <paramref name="version"/> does not have ("zero-page-detection needs QEMU 9.0 or later; ...").</summary>
    public static IReadOnlyList<(string Name, string Problem)> Missing(MigrationCapabilities capabilities, MigrateSetParameters parameters, QemuVersion version) =>
        Used(capabilities, parameters)
            .Where(n => Since.TryGetValue(n, out var since) && version.CompareTo(since) < 0)
            .Select(n => (n, $"{n} needs QEMU {Since[n].Release} or later; this capture runs QEMU {version}"))
            .ToList();
}
