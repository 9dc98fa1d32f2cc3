using System.Runtime.Intrinsics.X86;

namespace MigrationSim.Model.Memory;

/// <summary>
/// Asks the CPU to bring an array element into the cache without waiting for it: a random probe of
/// an array larger than the cache (a 1 TiB guest's bitmap is 32 MiB) then costs no stall when it
/// comes. A hint only: out of range, or on a CPU without the instruction, it does nothing.
/// </summary>
internal static class CachePrefetch
{
    /// <summary>Prefetches <paramref name="array"/>[<paramref name="index"/>].</summary>
    public static unsafe void Element<T>(T[] array, long index) where T : unmanaged
    {
        if (!Sse.IsSupported || (ulong)index >= (ulong)array.Length) return;
        fixed (T* element = &array[index]) Sse.Prefetch0(element);
    }
}
