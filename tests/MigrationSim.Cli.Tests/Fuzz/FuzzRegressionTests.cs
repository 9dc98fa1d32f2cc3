using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>
/// Every failure the fuzz tests found, kept for good: the Replay of the failing step (valid while
/// the generators stay as they are) and the same mutation written out (valid whatever they become).
/// </summary>
public class FuzzRegressionTests
{
    private static readonly Arbitrary<Mutation> Scenarios = MutationGenerators.For(MutationGenerators.Scenarios).ToArbitrary();
    private static readonly Arbitrary<Mutation> Sweeps = MutationGenerators.For(MutationGenerators.Sweeps).ToArbitrary();

    private static void Holds(Property property) => Check.One(Config.QuickThrowOnFailure.WithMaxTest(1), property);

    // Found 2026-11-27: a 100,001-character base path was echoed whole, twice (a 200,329-character message).
    [Property(Replay = "(2433289530192554795,2462314837725699277,69)", MaxTest = 1)]
    public Property Replay_a_huge_base_path_is_cut_in_the_message() => Prop.ForAll(Sweeps, FuzzProperties.Sweep);

    [Fact]
    public void A_huge_base_path_is_cut_in_the_message() =>
        Holds(FuzzProperties.Sweep(new Mutation("sweeps/convergence-map.yaml", MutationKind.SetValue, 58, "max-time", "a" + new string('9', 100_000), TextDamage.None, 2002927050)));

    // Found 2026-11-27: a rate of 1e-300 MiB/s was accepted and overflowed the simulated clock (OverflowException in the engine).
    [Property(Replay = "(10554924595101021591,5365286643220710007,79)", MaxTest = 1)]
    public Property Replay_a_vanishing_rate_is_refused() => Prop.ForAll(Scenarios, FuzzProperties.Scenario);

    [Fact]
    public void A_vanishing_rate_is_refused() =>
        Holds(FuzzProperties.Scenario(new Mutation("zipf-database.yaml", MutationKind.SetValue, 71, "base", "1e-300MiB/s", TextDamage.None, 618142329)));
}
