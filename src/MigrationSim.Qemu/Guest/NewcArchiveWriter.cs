using System.Text;

namespace MigrationSim.Qemu.Guest;

/// <summary>
/// Writes a newc cpio archive (see the kernel's Documentation/driver-api/early-userspace/buffer-format.rst).
/// Every timestamp and owner is zero, so the same entries always give the same bytes.
/// </summary>
public static class NewcArchiveWriter
{
    public const string Magic = "070701";
    public const string TrailerName = "TRAILER!!!";
    public const int HeaderBytes = 110;

    public static byte[] Write(IEnumerable<NewcEntry> entries)
    {
        using var ms = new MemoryStream();
        uint inode = 1;
        foreach (var e in entries)
            WriteEntry(ms, e, inode++);
        WriteEntry(ms, new NewcEntry(TrailerName, 0, []), 0);
        return ms.ToArray();
    }

    private static void WriteEntry(Stream s, NewcEntry e, uint inode)
    {
        if (e.Name.StartsWith('/'))
            throw new ArgumentException($"cpio member names are relative: '{e.Name}'");
        var name = Encoding.UTF8.GetBytes(e.Name);
        uint nlink = e.IsDirectory ? 2u : 1u;
        var header = new StringBuilder(HeaderBytes).Append(Magic);
        foreach (uint field in new uint[]
                 {
                     inode, e.Mode, 0, 0, e.Name == TrailerName ? 1u : nlink, 0, (uint)e.Data.Length,
                     0, 0, e.RdevMajor, e.RdevMinor, (uint)name.Length + 1, 0,
                 })
        {
            header.Append(field.ToString("X8", System.Globalization.CultureInfo.InvariantCulture));
        }

        s.Write(Encoding.ASCII.GetBytes(header.ToString()));
        s.Write(name);
        s.WriteByte(0);
        Pad(s, HeaderBytes + name.Length + 1);
        s.Write(e.Data);
        Pad(s, e.Data.Length);
    }

    // Header+name and data are each padded to a multiple of 4 bytes.
    private static void Pad(Stream s, long length)
    {
        for (long i = length; i % 4 != 0; i++)
            s.WriteByte(0);
    }
}
