namespace MigrationSim.Model.Orchestrators;

/// <summary>An orchestrator with its options, as a fleet file names it: immutable, comparable, able to create the instance each run needs.</summary>
public abstract record OrchestratorSpec
{
    /// <summary>The name fleet files use (<c>orchestrator.kind</c>).</summary>
    public abstract string Name { get; }

    /// <summary>A fresh instance for one fleet run.</summary>
    public abstract Orchestrator Create();

    /// <summary>Its options as the user wrote them (option name and value), for summaries and plan tables.</summary>
    public virtual IReadOnlyList<(string Option, string Value)> Settings => [];

    /// <summary>One line, e.g. "nova (max_concurrent_live_migrations=2, ...)".</summary>
    public string Describe() => Settings.Count == 0 ? Name : $"{Name} ({string.Join(", ", Settings.Select(s => $"{s.Option}={s.Value}"))})";
}
