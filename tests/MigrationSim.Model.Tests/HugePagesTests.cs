using System.Globalization;
using System.Runtime.InteropServices;
using MigrationSim.Model.Memory;

namespace MigrationSim.Model.Tests;

public class HugePagesTests
{
    /// <summary>
    /// A large bitmap's memory is advised for huge pages: Linux marks the mapping that holds it
    /// ("hg" among its VmFlags in /proc/self/smaps). A kernel built without transparent huge pages
    /// has no such flag to set; there the advice must do nothing, quietly.
    /// </summary>
    [Fact]
    public void A_large_bitmap_is_advised_for_huge_pages()
    {
        var words = new ulong[(8 << 20) / 8]; // 8 MiB: at least three whole huge pages
        HugePages.Advise(words);
        if (!OperatingSystem.IsLinux() || !Directory.Exists("/sys/kernel/mm/transparent_hugepage"))
        {
            Assert.All(words, w => Assert.Equal(0UL, w));
            return;
        }
        var pinned = GCHandle.Alloc(words, GCHandleType.Pinned);
        try
        {
            // The middle of the array lies inside a whole huge page, whatever the alignment of its start.
            Assert.Contains("hg", VmFlagsAt(pinned.AddrOfPinnedObject() + (4 << 20)));
        }
        finally { pinned.Free(); }
    }

    /// <summary>The VmFlags of the mapping of this process that contains <paramref name="address"/>.</summary>
    private static string[] VmFlagsAt(long address)
    {
        bool inside = false;
        foreach (string line in File.ReadLines("/proc/self/smaps"))
        {
            int dash = line.IndexOf('-');
            int space = line.IndexOf(' ');
            if (dash > 0 && space > dash && long.TryParse(line.AsSpan(0, dash), NumberStyles.HexNumber, null, out long lo)
                && long.TryParse(line.AsSpan(dash + 1, space - dash - 1), NumberStyles.HexNumber, null, out long hi))
                inside = address >= lo && address < hi;
            else if (inside && line.StartsWith("VmFlags:", StringComparison.Ordinal))
                return line["VmFlags:".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        }
        throw new InvalidOperationException($"no mapping holds 0x{address:x}");
    }
}
