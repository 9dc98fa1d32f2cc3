namespace MigrationSim.Model.Migration;

/// <summary>The guest's memory. Resident pages (kernel, page cache) are non-zero and outside the working set.</summary>
public sealed record GuestSpec(long MemoryBytes, int PageSizeBytes, long ResidentBytes)
{
    public long Pages => MemoryBytes / PageSizeBytes;
    public long ResidentPages => (ResidentBytes + PageSizeBytes - 1) / PageSizeBytes;
}
