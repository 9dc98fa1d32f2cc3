namespace MigrationSim.Model.Migration;

public enum MigrationPolicy
{
    Precopy,
    Postcopy,
    Hybrid,
}
