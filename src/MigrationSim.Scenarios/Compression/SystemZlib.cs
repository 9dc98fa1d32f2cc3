using System.Runtime.InteropServices;

namespace MigrationSim.Scenarios.Compression;

/// <summary>
/// The system's zlib (libz.so.1), the library QEMU's multifd-zlib.c links, driven as that file
/// drives it: deflateInit at a level, every page deflated with Z_NO_FLUSH and the packet's last one
/// with Z_SYNC_FLUSH, one stream for the whole channel. .NET's own ZLibStream is zlib-ng, whose
/// level 1 is a different strategy: on the guest program's pages it writes about twice the bytes.
/// </summary>
internal static class SystemZlib
{
    private const int ZNoFlush = 0, ZSyncFlush = 2, ZOk = 0;

    /// <summary>z_stream on LP64 (zlib.h): pointers and uLong are 8 bytes, uInt and int 4.</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct ZStream
    {
        public IntPtr NextIn;
        public uint AvailIn;
        public nuint TotalIn;
        public IntPtr NextOut;
        public uint AvailOut;
        public nuint TotalOut;
        public IntPtr Msg;
        public IntPtr State;
        public IntPtr ZAlloc;
        public IntPtr ZFree;
        public IntPtr Opaque;
        public int DataType;
        public nuint Adler;
        public nuint Reserved;
    }

    [DllImport("libz.so.1", EntryPoint = "zlibVersion")]
    private static extern IntPtr ZlibVersion();

    [DllImport("libz.so.1", EntryPoint = "deflateInit_")]
    private static extern int DeflateInit(ref ZStream strm, int level, IntPtr version, int streamSize);

    [DllImport("libz.so.1", EntryPoint = "deflate")]
    private static extern int Deflate(ref ZStream strm, int flush);

    [DllImport("libz.so.1", EntryPoint = "deflateEnd")]
    private static extern int DeflateEnd(ref ZStream strm);

    /// <summary>
    /// Compressed bytes per page of <paramref name="packets"/> packets of <paramref name="pagesPerPacket"/>
    /// pages that <paramref name="make"/> writes (page buffer, page number); null where no libz.so.1 loads.
    /// </summary>
    public static double? BytesPerPage(int level, int pageSizeBytes, int packets, int pagesPerPacket, Action<Span<byte>, int> make)
    {
        if (!OperatingSystem.IsLinux() || !NativeLibrary.TryLoad("libz.so.1", out var handle)) return null;
        NativeLibrary.Free(handle);
        var page = new byte[pageSizeBytes];
        var output = new byte[2 * pageSizeBytes * pagesPerPacket]; // QEMU reserves twice the packet too
        var pin = GCHandle.Alloc(page, GCHandleType.Pinned);
        var pout = GCHandle.Alloc(output, GCHandleType.Pinned);
        // The stream stays in this frame: zlib keeps its address and checks it on every call.
        var z = new ZStream();
        try
        {
            if (DeflateInit(ref z, level, ZlibVersion(), Marshal.SizeOf<ZStream>()) != ZOk)
                throw new InvalidOperationException($"deflateInit at level {level} failed");
            long total = 0;
            for (int p = 0; p < packets; p++)
            {
                z.NextOut = pout.AddrOfPinnedObject();
                z.AvailOut = (uint)output.Length;
                for (int i = 0; i < pagesPerPacket; i++)
                {
                    make(page, p * pagesPerPacket + i);
                    z.NextIn = pin.AddrOfPinnedObject();
                    z.AvailIn = (uint)page.Length;
                    int flush = i == pagesPerPacket - 1 ? ZSyncFlush : ZNoFlush;
                    int ret;
                    do ret = Deflate(ref z, flush); while (ret == ZOk && z.AvailIn > 0 && z.AvailOut > 0);
                    if (ret != ZOk || z.AvailIn > 0) throw new InvalidOperationException($"deflate returned {ret} with {z.AvailIn} bytes left");
                }
                total += output.Length - z.AvailOut;
            }
            return total / (double)(packets * pagesPerPacket);
        }
        finally
        {
            if (z.State != IntPtr.Zero) DeflateEnd(ref z);
            pin.Free();
            pout.Free();
        }
    }
}
