using MigrationSim.Qemu.Installations;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Capture;

/// <summary>
/// The QEMU release each migration setting first appeared in (qapi/migration.json, "Since"),
/// and what this machine cannot capture at all, so a capture is refused up front with the
/// setting's QEMU name instead of failing in migrate-set-parameters halfway through.
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

    /// <summary>The QEMU names of the capabilities and parameters <paramref name="spec"/> turns on.</summary>
    public static IEnumerable<string> Used(CaptureSpec spec)
    {
        if (spec.Capabilities.DirtyLimit) yield return "dirty-limit";
        foreach (var (name, _) in spec.Parameters.ToQmpArguments())
            yield return name;
    }

    /// <summary>One message per setting <paramref name="version"/> does not have ("zero-page-detection needs QEMU 9.0 or later; ...").</summary>
    public static IReadOnlyList<(string Name, string Problem)> Missing(CaptureSpec spec, QemuVersion version) =>
        Used(spec)
            .Where(n => Since.TryGetValue(n, out var since) && version.CompareTo(since) < 0)
            .Select(n => (n, $"{n} needs QEMU {Since[n].Release} or later; this capture runs QEMU {version}"))
            .ToList();

    /// <summary>Why <paramref name="spec"/> cannot run under <paramref name="accelerator"/>, or null.</summary>
    public static string? AcceleratorProblem(CaptureSpec spec, Accelerator accelerator) =>
        spec.Capabilities.DirtyLimit && accelerator != Accelerator.Kvm
            ? "dirty-limit needs KVM with its dirty ring (QEMU: \"dirty-limit requires KVM with accelerator property 'dirty-ring-size' set\"); " +
              $"this capture runs under {accelerator.ToString().ToUpperInvariant()}, which has no dirty ring, so dirty-limit cannot be captured or validated here"
            : null;
}
