namespace MigrationSim.Model.Memory;

/// <summary>
/// The pages the destination still misses in postcopy (the pending ones), with a rank/select
/// index built only once faults start needing it: while most pages are missing, drawing an access
/// and checking its bit finds one at once; when few are left, the index picks among them directly.
/// </summary>
public sealed class MissingPages(PageBitmap bits)
{
    private PageIndex? _index;

    /// <summary>One bit per guest page, set while the page is still on the source only.</summary>
    public PageBitmap Bits => bits;

    /// <summary>Page <paramref name="page"/> has not reached the destination yet.</summary>
    public bool Contains(long page) => bits.Get(page);

    /// <summary>Rank and select over the missing pages (built on first use, then kept up to date).</summary>
    public PageIndex Index => _index ??= new PageIndex(bits);

    /// <summary>Prefetches what a fault on <paramref name="page"/> will touch: its bitmap word and, once built, its index block.</summary>
    public void Prefetch(long page)
    {
        bits.Prefetch(page);
        _index?.Prefetch(page);
    }

    /// <summary>Word <paramref name="wordIndex"/> lost <paramref name="sent"/> missing pages (they were sent).</summary>
    public void Sent(int wordIndex, int sent) => _index?.Changed(wordIndex, -sent);
}
