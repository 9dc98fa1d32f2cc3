namespace MigrationSim.Model.Orchestrators;

/// <summary>An option an orchestrator reads from a fleet file, under the name its own configuration uses.</summary>
/// <param name="Key">The option's real name (nova.conf, the KubeVirt CR, virsh migrate).</param>
/// <param name="Default">Its default as the orchestrator's source defines it.</param>
/// <param name="Description">What it does, with its unit.</param>
/// <param name="Source">Where the default and the semantics were read (repository path).</param>
public sealed record OrchestratorOption(string Key, string Default, string Description, string Source);
