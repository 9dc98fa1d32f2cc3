namespace MigrationSim.Model.Policies;

/// <summary>
/// A scenario key a policy reads under <c>migration:</c> (a plain key, or a section such as
/// <c>switch</c> whose own keys the policy reads), with what it means for <c>--help</c> and docs.
/// </summary>
public sealed record PolicyOption(string Key, string Description, string Example);
