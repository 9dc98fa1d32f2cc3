using System.Globalization;
using System.Text;

namespace MigrationSim.Qemu.Guest;

/// <summary>Parses a newc cpio archive back into entries; rejects anything the kernel would reject.</summary>
public static class NewcArchiveReader
{
    public static IReadOnlyList<NewcEntry> Read(ReadOnlySpan<byte> archive)
    {
        var entries = new List<NewcEntry>();
        int pos = 0;
        while (true)
        {
            if (pos + NewcArchiveWriter.HeaderBytes > archive.Length)
                throw new FormatException($"cpio: truncated header at byte {pos} (no {NewcArchiveWriter.TrailerName} entry)");
            string magic = Encoding.ASCII.GetString(archive.Slice(pos, 6));
            if (magic != NewcArchiveWriter.Magic)
                throw new FormatException($"cpio: bad magic '{magic}' at byte {pos}, expected {NewcArchiveWriter.Magic} (newc)");

            var header = archive.Slice(pos, NewcArchiveWriter.HeaderBytes);
            uint mode = Field(header, 1, pos), fileSize = Field(header, 6, pos), rdevMajor = Field(header, 9, pos),
                rdevMinor = Field(header, 10, pos), nameSize = Field(header, 11, pos);
            int nameStart = pos + NewcArchiveWriter.HeaderBytes;
            if (nameSize == 0 || nameStart + nameSize > archive.Length)
                throw new FormatException($"cpio: bad name size {nameSize} at byte {pos}");
            if (archive[nameStart + (int)nameSize - 1] != 0)
                throw new FormatException($"cpio: name at byte {nameStart} is not NUL-terminated");
            string name = Encoding.UTF8.GetString(archive.Slice(nameStart, (int)nameSize - 1));
            int dataStart = Align4(nameStart + (int)nameSize);
            if (dataStart + fileSize > archive.Length)
                throw new FormatException($"cpio: data of '{name}' runs past the end of the archive");
            if (name == NewcArchiveWriter.TrailerName)
                return entries;
            entries.Add(new NewcEntry(name, mode, archive.Slice(dataStart, (int)fileSize).ToArray(), rdevMajor, rdevMinor));
            pos = Align4(dataStart + (int)fileSize);
        }
    }

    private static uint Field(ReadOnlySpan<byte> header, int index, int headerOffset)
    {
        var text = Encoding.ASCII.GetString(header.Slice(6 + index * 8, 8));
        if (!uint.TryParse(text, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var v))
            throw new FormatException($"cpio: header field {index} '{text}' at byte {headerOffset} is not hex");
        return v;
    }

    private static int Align4(int n) => (n + 3) & ~3;
}
