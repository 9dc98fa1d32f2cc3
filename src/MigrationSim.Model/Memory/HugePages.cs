using System.Runtime.InteropServices;

namespace MigrationSim.Model.Memory;

/// <summary>
/// Asks Linux to back a large array with 2 MiB pages (madvise MADV_HUGEPAGE; Debian's default
/// transparent-huge-page setting, "madvise", honours it). A 1 TiB guest's bitmaps are 32 MiB each
/// and probed at random: with 4 KiB pages each bitmap is 8,192 pages, far more than the TLB holds,
/// and first touches cost 12k page faults. A hint only: elsewhere, or where refused, nothing changes.
/// </summary>
internal static partial class HugePages
{
    /// <summary>The size of a huge page on x86-64 and arm64 Linux, bytes.</summary>
    public const long PageBytes = 2 << 20;

    /// <summary>Arrays of this many bytes or more are advised: smaller ones would hold no whole huge page, or one.</summary>
    public const long AdviseFromBytes = 2 * PageBytes;

    private const int MadvHugepage = 14;

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);

    /// <summary>Advises the whole huge pages inside <paramref name="array"/>, before it is first touched.</summary>
    public static unsafe void Advise<T>(T[] array) where T : unmanaged
    {
        long bytes = (long)array.Length * sizeof(T);
        if (!OperatingSystem.IsLinux() || bytes < AdviseFromBytes) return;
        // Arrays this large live on the large object heap, which does not move them.
        fixed (T* first = array)
        {
            long start = ((long)first + PageBytes - 1) & ~(PageBytes - 1);
            long end = ((long)first + bytes) & ~(PageBytes - 1);
            try
            {
                if (end > start) Madvise((nint)start, (nuint)(end - start), MadvHugepage);
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                // No C library to ask: the array keeps small pages.
            }
        }
    }
}
