using MigrationSim.Model.Migration;

namespace MigrationSim.Model.Memory;

/// <summary>
/// Where the non-zero pages sit when migration starts: the guest image's footprint, its
/// <see cref="ImageTopPages"/> at the very top of memory (<see cref="HostProfile.ImageTopShare"/>)
/// and the rest from page 0, spread evenly over <see cref="ImageSpanPages"/>
/// (<see cref="HostProfile.ImageDensity"/>), then the guest's own memory (the scenario's resident
/// pages, then the working set), which begins inside the image's span where the image's
/// free-but-dirty pages are reused. Every other page is zero.
/// </summary>
public sealed record MemoryLayout(long ImagePages, long ProgramStart, long ResidentPages, long WorkingSetPages)
{
    /// <summary>Pages from page 0 over which the image's pages below the top are spread (= <see cref="SpreadImagePages"/> when contiguous).</summary>
    public long ImageSpanPages { get; init; } = ImagePages;

    /// <summary>Image pages at the very top of memory: [<see cref="GuestPages"/> - this, <see cref="GuestPages"/>).</summary>
    public long ImageTopPages { get; init; }

    /// <summary>The guest's pages (where the top block ends).</summary>
    public long GuestPages { get; init; }

    /// <summary>Image pages spread from page 0: all but the top block.</summary>
    public long SpreadImagePages => ImagePages - ImageTopPages;

    /// <summary>Whether page <paramref name="i"/> of a span of <paramref name="span"/> pages holds data when <paramref name="count"/> of them do, evenly spaced (the first of each stride).</summary>
    public static bool HoldsData(long i, long count, long span) => DataPagesBelow(i + 1, count, span) > DataPagesBelow(i, count, span);

    /// <summary>Of <paramref name="count"/> data pages spread evenly over [0, <paramref name="span"/>), those below page <paramref name="page"/>: ceil(page x count / span).</summary>
    public static long DataPagesBelow(long page, long count, long span) =>
        page <= 0 ? 0 : page >= span ? count : span <= count ? page : (page * count + span - 1) / span;

    /// <summary>The guest program's pages: resident pages plus the working set.</summary>
    public long ProgramPages => ResidentPages + WorkingSetPages;
    /// <summary>First page of the working set.</summary>
    public long WorkingSetStart => ProgramStart + ResidentPages;

    /// <summary>Pages with non-zero content at the start: the image's and the program's, those they share counted once.</summary>
    public long NonZeroPages => ImagePages + ProgramPages - (ImagePagesBelow(ProgramStart + ProgramPages) - ImagePagesBelow(ProgramStart));

    /// <summary>Image pages below page <paramref name="page"/>.</summary>
    public long ImagePagesBelow(long page) =>
        DataPagesBelow(page, SpreadImagePages, ImageSpanPages) + Math.Clamp(page - (GuestPages - ImageTopPages), 0, ImageTopPages);

    /// <summary>Where the image, the resident pages and the working set of <paramref name="workingSetPages"/> pages sit in <paramref name="guest"/> on <paramref name="host"/>.</summary>
    public static MemoryLayout For(GuestSpec guest, HostProfile host, long workingSetPages)
    {
        long page = guest.PageSizeBytes;
        long image = Math.Min(guest.Pages, (host.ImageFootprintFor(guest.MemoryBytes) + page - 1) / page);
        long top = Math.Min(image, (long)Math.Round(Math.Clamp(host.ImageTopShare, 0, HostProfile.MaxImageTopShare) * guest.Pages));
        long spread = image - top;
        long reusable = Math.Clamp(host.ImageReusableBytes / page, 0, spread);
        long resident = guest.ResidentPages;
        long program = resident + workingSetPages;
        if (image - reusable + program > guest.Pages)
            throw new ArgumentException($"the guest image ({image} pages, {reusable} reusable), resident pages ({resident}) and working set ({workingSetPages}) do not fit in guest memory ({guest.Pages} pages)");
        // Spread over spread / density pages, less one free page between them for each page of the
        // guest's own memory (an allocator hands out those first: a guest that fills its memory leaves
        // no gaps), as far as memory below the top block leaves room. The guest's memory then overlaps
        // the span's tail over as many pages as hold the reusable image pages, covering the gaps there
        // too, so a guest with reusable pages leaves fewer gaps than spread / density - spread - program.
        // (Counting only its fresh pages against the gaps, and none twice, was tried: 10.0 precopy time
        // 4.31% -> 5.2% median, 7.2's hybrid time 1.86% -> 3.39%, bytes better; not kept.)
        long below = guest.Pages - top;
        long span = spread;
        if (host.ImageDensity < 1 && spread > 0)
        {
            long gaps = Math.Max(0, (long)Math.Ceiling(spread / Math.Max(host.ImageDensity, HostProfile.MinImageDensity)) - spread - program);
            span = Math.Max(spread, Math.Min(spread + gaps, Math.Min(below, below - program + reusable)));
        }
        long overlap = span == spread ? reusable : Math.Min(span, (long)Math.Round(reusable * (double)span / spread));
        return new MemoryLayout(image, span - overlap, resident, workingSetPages)
        {
            ImageSpanPages = span,
            ImageTopPages = top,
            GuestPages = guest.Pages,
        };
    }
}
