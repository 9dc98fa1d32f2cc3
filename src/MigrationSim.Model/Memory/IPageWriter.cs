namespace MigrationSim.Model.Memory;

/// <summary>Where a workload's writes land. Pages are absolute guest page numbers.</summary>
public interface IPageWriter
{
    /// <summary>Writes one page.</summary>
    void Write(long page);

    /// <summary>Writes pages [start, start + count).</summary>
    void WriteRange(long start, long count);

    /// <summary>Writes the pages whose bits are set in 64-page word <paramref name="wordIndex"/> (page = 64 x word + bit).</summary>
    void WriteWord(int wordIndex, ulong bits)
    {
        long basePage = (long)wordIndex << 6;
        while (bits != 0)
        {
            Write(basePage + System.Numerics.BitOperations.TrailingZeroCount(bits));
            bits &= bits - 1;
        }
    }
}
