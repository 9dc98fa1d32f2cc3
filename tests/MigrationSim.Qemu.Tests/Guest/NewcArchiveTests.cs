using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using MigrationSim.Qemu.Guest;

namespace MigrationSim.Qemu.Tests.Guest;

public sealed class NewcArchiveTests
{
    [Fact]
    public void Archive_starts_with_newc_magic_and_ends_with_trailer()
    {
        var bytes = NewcArchiveWriter.Write([NewcEntry.File("init", [1, 2, 3], 0x1ED)]);

        Assert.Equal("070701", Encoding.ASCII.GetString(bytes, 0, 6));
        Assert.Contains("TRAILER!!!", Encoding.ASCII.GetString(bytes));
        Assert.Equal(0, bytes.Length % 4);
    }

    [Fact]
    public void Device_node_keeps_its_major_and_minor()
    {
        var back = NewcArchiveReader.Read(NewcArchiveWriter.Write([NewcEntry.CharDevice("dev/console", 5, 1)]));

        var console = Assert.Single(back);
        Assert.True(console.IsCharacterDevice);
        Assert.Equal((5u, 1u), (console.RdevMajor, console.RdevMinor));
    }

    [Fact]
    public void Truncated_archive_is_rejected()
    {
        var bytes = NewcArchiveWriter.Write([NewcEntry.File("init", new byte[100])]);

        var ex = Assert.Throws<FormatException>(() => NewcArchiveReader.Read(bytes.AsSpan(0, bytes.Length - 120)));
        Assert.Contains("cpio", ex.Message);
    }

    [Fact]
    public void Wrong_magic_is_rejected_naming_the_offset()
    {
        var bytes = NewcArchiveWriter.Write([NewcEntry.File("a", [1])]);
        bytes[5] = (byte)'2'; // "070702" is the CRC variant, which this reader does not accept

        var ex = Assert.Throws<FormatException>(() => NewcArchiveReader.Read(bytes));
        Assert.Contains("byte 0", ex.Message);
    }

    private static readonly Arbitrary<NewcEntry[]> Entries =
        (from count in Gen.Choose(0, 6)
         from entries in Gen.ListOf(
             from nameLength in Gen.Choose(1, 20)
             from chars in Gen.ArrayOf(Gen.Elements("abcdefghij/._-0123456789".ToCharArray()), nameLength)
             from size in Gen.Choose(0, 700)
             from data in Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), size)
             from perm in Gen.Choose(0, 0x1FF)
             select NewcEntry.File("f" + new string(chars), data, (uint)perm), count)
         select entries.ToArray()).ToArbitrary();

    [Property(MaxTest = 200)]
    public Property Write_then_read_gives_back_every_entry() =>
        Prop.ForAll(Entries, entries =>
        {
            var back = NewcArchiveReader.Read(NewcArchiveWriter.Write(entries));
            return back.Count == entries.Length
                   && back.Zip(entries).All(p => p.First.Name == p.Second.Name && p.First.Mode == p.Second.Mode && p.First.Data.SequenceEqual(p.Second.Data));
        });
}
