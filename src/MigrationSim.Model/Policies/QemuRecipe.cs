namespace MigrationSim.Model.Policies;

/// <summary>
/// How a real QEMU runs a policy: whether the postcopy-ram capability is on, and when an
/// operator issues migrate-start-postcopy. A capture realises a policy through it, and the fluid
/// baseline approximates it; a research policy that QEMU cannot run has none.
/// </summary>
/// <param name="PostcopyRam">The postcopy-ram capability on both sides.</param>
/// <param name="Switch">When migrate-start-postcopy is issued; null = never.</param>
public sealed record QemuRecipe(bool PostcopyRam, SwitchRule? Switch);
