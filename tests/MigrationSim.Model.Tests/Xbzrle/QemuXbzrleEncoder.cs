namespace MigrationSim.Model.Tests.Xbzrle;

/// <summary>
/// QEMU's xbzrle_encode_buffer (migration/xbzrle.c, the same loop in 7.2 and 10.0; 10.0's AVX-512
/// variant emits the same runs), ported byte by byte as the reference the model's closed form is
/// checked against. The C walks equal and differing stretches a word at a time for speed; the
/// runs it finds and the overflow checks it makes between them are the same as here.
/// </summary>
internal static class QemuXbzrleEncoder
{
    /// <returns>Encoded length, 0 when the buffers are equal, -1 on overflow.</returns>
    public static int Encode(byte[] oldBuf, byte[] newBuf, int dlen)
    {
        int slen = newBuf.Length, d = 0, i = 0;
        int zrun = 0;
        while (i < slen)
        {
            if (d + 2 > dlen) return -1;
            while (i < slen && oldBuf[i] == newBuf[i]) { zrun++; i++; }
            if (zrun == slen) return 0;
            if (i == slen) return d; // the last zero run is not encoded
            d += Uleb128(zrun);
            zrun = 0;
            if (d + 2 > dlen) return -1;
            int nzrun = 0;
            while (i < slen && oldBuf[i] != newBuf[i]) { nzrun++; i++; }
            d += Uleb128(nzrun);
            if (d + nzrun > dlen) return -1;
            d += nzrun;
        }
        return d;
    }

    private static int Uleb128(int value) => value < 0x80 ? 1 : 2;
}
