namespace MigrationSim.Cli.Tests.Signals;

/// <summary>The CLI's real-QEMU tests run one at a time: two TCG migrations at once starve each other on 2 cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class RealQemuCollection
{
    public const string Name = "Real QEMU captures of the CLI";
}
