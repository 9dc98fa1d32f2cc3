namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>
/// One hostile edit of a shipped scenario or sweep: a YAML edit of the key at
/// <see cref="Target"/> (taken modulo the file's keys, depth first), then damage to its bytes.
/// Printed whole when a property fails, so the failure reads as a reproduction.
/// </summary>
/// <param name="Shipped">Path of the shipped file under the repository's scenarios/ folder.</param>
/// <param name="Key">The new key name (RenameKey, AddKey).</param>
/// <param name="Payload">The YAML text put in place (SetValue, AddKey, ReplaceFile).</param>
/// <param name="Seed">Position and bytes of the damage.</param>
public sealed record Mutation(string Shipped, MutationKind Kind, int Target, string Key, string Payload, TextDamage Damage, int Seed)
{
    public override string ToString() =>
        $"{Shipped}: {Kind} at key #{Target}, key '{Cut(Key)}', payload '{Cut(Payload)}', damage {Damage} (seed {Seed})";

    private static string Cut(string s) => s.Length <= 120 ? s : $"{s[..120]}... ({s.Length} chars)";
}
