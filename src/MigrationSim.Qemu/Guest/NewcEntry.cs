namespace MigrationSim.Qemu.Guest;

/// <summary>
/// One member of a newc ("070701") cpio archive, the format the Linux kernel unpacks as an initramfs.
/// </summary>
/// <param name="Name">Path inside the archive without a leading slash, e.g. "init" or "dev/console".</param>
/// <param name="Mode">st_mode: file type bits plus permissions, e.g. 0x81ED (regular, 0755).</param>
/// <param name="Data">File contents; empty for directories and device nodes.</param>
/// <param name="RdevMajor">Device major number for character/block nodes.</param>
/// <param name="RdevMinor">Device minor number for character/block nodes.</param>
public sealed record NewcEntry(string Name, uint Mode, byte[] Data, uint RdevMajor = 0, uint RdevMinor = 0)
{
    public const uint TypeMask = 0xF000; // S_IFMT
    public const uint RegularFile = 0x8000; // S_IFREG
    public const uint Directory = 0x4000; // S_IFDIR
    public const uint CharacterDevice = 0x2000; // S_IFCHR

    public bool IsRegularFile => (Mode & TypeMask) == RegularFile;

    public bool IsDirectory => (Mode & TypeMask) == Directory;

    public bool IsCharacterDevice => (Mode & TypeMask) == CharacterDevice;

    /// <summary>Any execute bit (user, group or other) is set.</summary>
    public bool IsExecutable => (Mode & 0x49) != 0;

    public static NewcEntry Dir(string name, uint permissions = 0x1ED) => new(name, Directory | permissions, []);

    public static NewcEntry File(string name, byte[] data, uint permissions = 0x1A4) => new(name, RegularFile | permissions, data);

    public static NewcEntry CharDevice(string name, uint major, uint minor, uint permissions = 0x180) =>
        new(name, CharacterDevice | permissions, [], major, minor);
}
