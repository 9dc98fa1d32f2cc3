using MigrationSim.Model.Migration;
using MigrationSim.Qemu.Guest;
using MigrationSim.Qemu.Processes;

namespace MigrationSim.Qemu.Installations;

/// <summary>
/// Which QEMU a capture runs: a release the project knows how to obtain (7.2 = the system's
/// qemu-system-x86_64 from Debian 12; 10.0 = Debian 13's, from a debootstrapped root), or a
/// qemu-system-x86_64 binary at a path (its version is read from it).
/// </summary>
public sealed record QemuSelection
{
    private QemuSelection(QemuVersion? release, string? path)
    {
        Release = release;
        BinaryPath = path;
    }

    /// <summary>The release asked for; null when a binary path was given.</summary>
    public QemuVersion? Release { get; }

    /// <summary>A binary the user named; null when a release was asked for.</summary>
    public string? BinaryPath { get; }

    /// <summary>The system's qemu-system-x86_64 (Debian 12: 7.2).</summary>
    public static QemuSelection System72 { get; } = new(QemuVersion.V7_2, null);

    public static QemuSelection Debian13 { get; } = new(QemuVersion.V10_0, null);

    /// <summary>The releases that <see cref="Parse"/> accepts by number.</summary>
    public static IReadOnlyList<QemuVersion> KnownReleases => QemuVersion.Known;

    public static QemuSelection FromPath(string path) => new(null, path);

    /// <summary>"7.2", "10.0" or a path (anything with a '/'); null with a reason otherwise.</summary>
    public static QemuSelection? Parse(string text, out string error)
    {
        error = "";
        text = text.Trim();
        if (text.Contains('/'))
        {
            if (!File.Exists(text)) { error = $"no file at '{text}'"; return null; }
            return FromPath(Path.GetFullPath(text));
        }
        foreach (var known in KnownReleases)
            if (text == known.Release)
                return known == QemuVersion.V7_2 ? System72 : Debian13;
        error = $"'{text}' is not a QEMU this project can obtain; use {string.Join(" or ", KnownReleases.Select(v => v.Release))}, or the path of a qemu-system-x86_64 binary";
        return null;
    }

    /// <summary>
    /// The binary to run, obtaining it first if needed (10.0: the Debian 13 root, built once),
    /// and its version, checked against the release asked for.
    /// </summary>
    public async Task<(QemuBinary Binary, QemuVersion Version)> ResolveAsync(string? cacheDirectory, Action<string>? log, CancellationToken ct)
    {
        QemuBinary binary;
        if (BinaryPath is not null)
            binary = QemuBinary.Direct(BinaryPath, $"QEMU at {BinaryPath}");
        else if (Release == QemuVersion.V10_0)
            binary = await new DebianQemuRoot(cacheDirectory ?? CacheDirectory.Default).GetAsync(log, ct);
        else
            binary = QemuBinary.Direct(QemuLauncher.FindQemu(), "the system's qemu-system-x86_64");

        var version = await binary.QueryVersionAsync(ct);
        if (Release is { } wanted && !version.SameRelease(wanted))
            throw new InvalidOperationException($"asked for QEMU {wanted.Release}, but {binary.Description} is {version}");
        return (binary, version);
    }

    public override string ToString() => BinaryPath ?? Release!.Value.Release;
}
