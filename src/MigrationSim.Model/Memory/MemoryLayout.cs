using MigrationSim.Model.Migration;

namespace MigrationSim.Model.Memory;

/// <summary>
/// Where the non-zero pages sit when migration starts: the guest image's footprint from page 0,
/// then the guest's own memory (the scenario's resident pages, then the working set), which
/// begins inside the image footprint where the image's free-but-dirty pages are reused. Every
/// other page is zero.
/// </summary>
public sealed record MemoryLayout(long ImagePages, long ProgramStart, long ResidentPages, long WorkingSetPages)
{
    /// <summary>The guest program's pages: resident pages plus the working set.</summary>
    public long ProgramPages => ResidentPages + WorkingSetPages;
    /// <summary>First page of the working set.</summary>
    public long WorkingSetStart => ProgramStart + ResidentPages;

    /// <summary>Pages with non-zero content at the start.</summary>
    public long NonZeroPages => Math.Max(ImagePages, ProgramStart + ProgramPages);

    /// <summary>Where the image, the resident pages and the working set of <paramref name="workingSetPages"/> pages sit in <paramref name="guest"/> on <paramref name="host"/>.</summary>
    public static MemoryLayout For(GuestSpec guest, HostProfile host, long workingSetPages)
    {
        long page = guest.PageSizeBytes;
        long image = Math.Min(guest.Pages, (host.ImageFootprintFor(guest.MemoryBytes) + page - 1) / page);
        long reusable = Math.Clamp(host.ImageReusableBytes / page, 0, image);
        long start = image - reusable;
        long resident = guest.ResidentPages;
        if (start + resident + workingSetPages > guest.Pages)
            throw new ArgumentException($"the guest image ({image} pages, {reusable} reusable), resident pages ({resident}) and working set ({workingSetPages}) do not fit in guest memory ({guest.Pages} pages)");
        return new MemoryLayout(image, start, resident, workingSetPages);
    }
}
