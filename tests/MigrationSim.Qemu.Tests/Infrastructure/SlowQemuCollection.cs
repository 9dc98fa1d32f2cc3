namespace MigrationSim.Qemu.Tests.Infrastructure;

/// <summary>
/// Tests that boot guests under TCG. On a 2-core machine two migrations at once would starve each
/// other (and distort the measured rates), so they share one collection and run one at a time.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SlowQemuCollection
{
    public const string Name = "Real QEMU migrations";
}
