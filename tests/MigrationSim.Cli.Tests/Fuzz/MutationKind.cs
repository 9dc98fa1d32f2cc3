namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>What a <see cref="Mutation"/> does to one key of a shipped file.</summary>
public enum MutationKind
{
    /// <summary>The key and its value are removed (a missing key).</summary>
    RemoveKey,

    /// <summary>The key is renamed (a typo, a key of another section, an empty or huge name).</summary>
    RenameKey,

    /// <summary>A key is added beside it (unknown, or a duplicate of a sibling).</summary>
    AddKey,

    /// <summary>The value is replaced (wrong type, extreme number, deep nesting, aliases, tags).</summary>
    SetValue,

    /// <summary>The whole file is replaced by the payload.</summary>
    ReplaceFile,
}
