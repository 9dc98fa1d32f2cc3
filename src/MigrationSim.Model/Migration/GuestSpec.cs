namespace MigrationSim.Model.Migration;

/// <summary>The guest's memory. Resident pages (kernel, page cache) are non-zero and outside the working set.</summary>
public sealed record GuestSpec(long MemoryBytes, int PageSizeBytes, long ResidentBytes)
{
    /// <summary>Pages of guest RAM (memory / page size).</summary>
    public long Pages => MemoryBytes / PageSizeBytes;
    /// <summary>Resident pages, rounded up.</summary>
    public long ResidentPages => (ResidentBytes + PageSizeBytes - 1) / PageSizeBytes;
}
