namespace MigrationSim.Model.Memory;

/// <summary>Where a workload's writes land. Pages are absolute guest page numbers.</summary>
public interface IPageWriter
{
    void Write(long page);

    void WriteRange(long start, long count);
}
