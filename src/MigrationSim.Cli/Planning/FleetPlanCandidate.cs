using MigrationSim.Model.Fleets.Operations;
using MigrationSim.Model.Orchestrators;

namespace MigrationSim.Cli.Planning;

/// <summary>One setting of the fleet's orchestrator to try, and the order its requests are made in.</summary>
/// <param name="Orchestrator">The orchestrator with the options tried (the file's others kept).</param>
/// <param name="Varied">The options this candidate sets, as (name, value), for the table.</param>
/// <param name="Order">The order requests reach the orchestrator; null: as the fleet file makes them.</param>
public sealed record FleetPlanCandidate(OrchestratorSpec Orchestrator, IReadOnlyList<(string Option, string Value)> Varied, RequestOrder? Order)
{
    public string Label => string.Join(" ", Varied.Select(v => $"{v.Option}={v.Value}")) + (Order is { } o ? $" order={OrderName(o)}" : "");

    public static string OrderName(RequestOrder o) => o switch
    {
        RequestOrder.LargestFirst => "largest-first",
        RequestOrder.SmallestFirst => "smallest-first",
        _ => "as-listed",
    };
}
