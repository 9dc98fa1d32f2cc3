using FsCheck;
using FsCheck.Fluent;

namespace MigrationSim.Cli.Tests.Fuzz;

/// <summary>
/// Hostile edits of the shipped scenarios and sweeps (unknown and missing keys, wrong types,
/// extreme numbers, deep nesting, aliases, encodings, binary garbage): migsim refuses each with
/// exit 2 naming the file and key, or runs it within a bounded time; it never crashes. A few
/// seconds by default; MIGSIM_FUZZ=long runs forty times as many cases with larger budgets.
/// Every failure found is pinned below by its Replay and as an explicit case in FuzzRegressionTests.
/// </summary>
public class FuzzTests
{
    private static Config Budget(int ci) => Config.QuickThrowOnFailure.WithMaxTest(FuzzBudget.Cases(ci)).WithQuietOnSuccess(!FuzzBudget.Long);

    private static readonly Arbitrary<Mutation> Scenarios = MutationGenerators.For(MutationGenerators.Scenarios).ToArbitrary();
    private static readonly Arbitrary<Mutation> Sweeps = MutationGenerators.For(MutationGenerators.Sweeps).ToArbitrary();

    [Fact]
    public void Mutated_scenarios_are_refused_with_file_and_key_or_run() =>
        Check.One(Budget(60), Prop.ForAll(Scenarios, FuzzProperties.Scenario));

    [Fact]
    public void Mutated_sweeps_are_refused_with_file_and_key_or_expand_to_bounded_runs() =>
        Check.One(Budget(25), Prop.ForAll(Sweeps, FuzzProperties.Sweep));

    [Fact]
    public void Files_made_to_crash_a_process_do_not_crash_migsim() =>
        Check.One(Budget(4), Prop.ForAll(MutationGenerators.ProcessKillers([.. MutationGenerators.Scenarios, .. MutationGenerators.Sweeps]).ToArbitrary(),
            m => FuzzProperties.Process(m, m.Shipped.StartsWith("sweeps", StringComparison.Ordinal) ? "sweep" : "run")));
}
