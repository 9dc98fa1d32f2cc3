using MigrationSim.Model.Policies;

namespace MigrationSim.Model.Orchestrators;

/// <summary>An orchestrator's options as a fleet file gives them: the policy settings' typed reads, plus the raw text for values in the orchestrator's own notation (a Kubernetes quantity such as "64Mi").</summary>
public interface IOrchestratorSettings : IPolicySettings
{
    /// <summary>The value as written, or null when absent.</summary>
    string? Text(string key);
}
