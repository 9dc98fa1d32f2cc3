namespace MigrationSim.Scenarios;

/// <summary>
/// A migration feature a scenario turns on (xbzrle, multifd, ...), where the file says so, and
/// whether the simulator models it yet. `capture` realises every one of them on real QEMU (and
/// checks it against the QEMU version there); `run`, `sweep`, `plan` and `validate` refuse a
/// scenario with one the simulator does not model rather than quietly ignoring it.
/// </summary>
/// <param name="Key">Dotted scenario key, the QEMU name under migration, e.g. "migration.multifd-channels".</param>
/// <param name="Line">1-based line of the key in the scenario file.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Simulated">True when the engine models the setting.</param>
public sealed record FeatureSetting(string Key, int Line, int Column, bool Simulated)
{
    /// <summary>The QEMU name of the capability or parameter (the key without "migration.").</summary>
    public string QemuName => Key[(Key.LastIndexOf('.') + 1)..];
}
