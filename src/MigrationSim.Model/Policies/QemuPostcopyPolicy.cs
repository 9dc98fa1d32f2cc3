namespace MigrationSim.Model.Policies;

/// <summary>Postcopy as QEMU runs it when migrate-start-postcopy is issued right after the migration starts: the switch happens at the first iterate check (unless everything already fits the threshold).</summary>
public sealed class QemuPostcopyPolicy() : QemuHybridPolicy(SwitchRule.Immediately);
