using System.Globalization;
using System.Text.RegularExpressions;

namespace MigrationSim.Model.Migration;

/// <summary>
/// A QEMU release as query-version reports it (major.minor.micro). Captures taken before the
/// version was parsed carry only the text; a capture without any version is a QEMU 7.2 one,
/// the only QEMU the project captured then.
/// </summary>
public readonly partial record struct QemuVersion(int Major, int Minor, int Micro = 0) : IComparable<QemuVersion>
{
    /// <summary>Debian 12's QEMU, what every capture without a recorded version ran.</summary>
    public static readonly QemuVersion V7_2 = new(7, 2);

    /// <summary>Debian 13's QEMU.</summary>
    public static readonly QemuVersion V10_0 = new(10, 0);

    /// <summary>The releases the project captures and models, oldest first.</summary>
    public static IReadOnlyList<QemuVersion> Known { get; } = [V7_2, V10_0];

    /// <summary>
    /// Reads "10.0.13", "7.2.22 (Debian 1:7.2+dfsg-7+deb12u18+b3)", "QEMU emulator version 10.0.13 (...)"
    /// or "10.0"; null when the text holds no version.
    /// </summary>
    public static QemuVersion? TryParse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var m = VersionPattern().Match(text);
        if (!m.Success) return null;
        int Part(int i) => m.Groups[i].Success ? int.Parse(m.Groups[i].Value, CultureInfo.InvariantCulture) : 0;
        return new QemuVersion(Part(1), Part(2), Part(3));
    }

    /// <summary>The version recorded in a capture's summary; none recorded means 7.2.</summary>
    public static QemuVersion FromCapture(string? recorded) => TryParse(recorded) ?? V7_2;

    /// <summary>Same major.minor (the micro number is a bug-fix release with the same migration code).</summary>
    public bool SameRelease(QemuVersion other) => Major == other.Major && Minor == other.Minor;

    /// <summary>This release is <paramref name="major"/>.<paramref name="minor"/> or later.</summary>
    public bool AtLeast(int major, int minor) => Major > major || (Major == major && Minor >= minor);

    /// <summary>Orders by major, minor, then micro number.</summary>
    public int CompareTo(QemuVersion other) =>
        Major != other.Major ? Major.CompareTo(other.Major) : Minor != other.Minor ? Minor.CompareTo(other.Minor) : Micro.CompareTo(other.Micro);

    /// <summary>"10.0" (the release a user names).</summary>
    public string Release => $"{Major}.{Minor}";

    /// <summary>"10.0.13", or "10.0" for a release named without its micro number.</summary>
    public override string ToString() => Micro == 0 ? Release : $"{Major}.{Minor}.{Micro}";

    [GeneratedRegex(@"(?<![\d.])(\d{1,3})\.(\d{1,3})(?:\.(\d{1,3}))?")]
    private static partial Regex VersionPattern();
}
