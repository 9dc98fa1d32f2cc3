using MigrationSim.Kernel;

namespace MigrationSim.Model.Fleets;

/// <summary>One migration the operation asks for: a guest from one host to another, not before a time and after other migrations have ended.</summary>
/// <param name="Index">Its place in the operation's order (the order requests reach the orchestrator).</param>
/// <param name="Guest">The guest's name.</param>
/// <param name="From">Source host.</param>
/// <param name="To">Destination host.</param>
/// <param name="NotBefore">The request is made at this time (0: with the operation).</param>
/// <param name="After">Indices of the requests that must have ended (completed or not) first.</param>
public sealed record MigrationRequest(int Index, string Guest, string From, string To, SimTime NotBefore, IReadOnlyList<int> After);
