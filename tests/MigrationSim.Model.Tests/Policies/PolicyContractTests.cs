using FsCheck;
using FsCheck.Fluent;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;

namespace MigrationSim.Model.Tests.Policies;

/// <summary>The engine's invariants hold under every policy: QEMU's three, and ones that decide very differently.</summary>
public class PolicyContractTests
{
    private static readonly Dictionary<string, PolicySpec> Policies = new()
    {
        ["precopy"] = PrecopySpec.Instance,
        ["postcopy"] = PostcopySpec.Instance,
        ["hybrid after 1 iteration"] = new HybridSpec(new SwitchRule { AfterIterations = 1 }),
        ["hybrid after 2 s"] = new HybridSpec(new SwitchRule { AfterTime = SimTime.FromSeconds(2) }),
        ["hybrid on stall"] = new HybridSpec(new SwitchRule { OnStall = new StallRule(0.5, 2) }),
        ["stop after 3"] = new TestPolicies.StopAfter(3),
        ["cancel at third sync"] = new TestPolicies.CancelAtThirdSync(),
        ["lowest first"] = new TestPolicies.LowestFirst(),
        ["prepaging postcopy"] = new TestPolicies.PrepagingPostcopy(),
    };

    public static TheoryData<string> Names => [.. Policies.Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Every_policy_keeps_the_engine_contract(string name)
    {
        var spec = Policies[name];
        Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), seed =>
        {
            var problems = PolicyContract.Check(PolicyContract.Case(spec, (ulong)seed));
            return (problems.Count == 0).Label($"{name}, case {seed}: {string.Join("; ", problems)}");
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Every_built_in_policy_is_in_the_contract_run()
    {
        foreach (var d in PolicyRegistry.BuiltIn.All)
            Assert.Contains(Policies.Values, p => p.Name == d.Name);
    }

    [Fact]
    public void The_checker_reports_a_broken_result()
    {
        var input = PolicyContract.Case(PostcopySpec.Instance, 7);
        var windows = new List<WindowInfo>();
        var good = MigrationSimulation.Run(input, m => m.WindowClosed += windows.Add);
        Assert.Empty(PolicyContract.CheckResult(input, good, windows));

        var reversed = good with { Timeline = good.Timeline.Reverse().ToList() };
        Assert.Contains(PolicyContract.CheckResult(input, reversed, windows), p => p.Contains("time order"));
        var stale = good with { StalePagesOnDestination = 3 };
        Assert.Contains(PolicyContract.CheckResult(input, stale, windows), p => p.Contains("stale"));
        var twice = good with { RequestedTwice = 1 };
        Assert.Contains(PolicyContract.CheckResult(input, twice, windows), p => p.Contains("twice"));
        var unanswered = good with { FirstFaults = good.FirstFaults + 1 };
        Assert.Contains(PolicyContract.CheckResult(input, unanswered, windows), p => p.Contains("first faults"));
        var fat = windows.Select(w => w with { Bytes = w.LimitBytes * 2 + 1e9, InPostcopy = false }).ToList();
        Assert.Contains(PolicyContract.CheckResult(input, good, fat), p => p.Contains("over its limit"));
    }

    [Fact]
    public void A_policy_that_syncs_twice_in_one_check_is_stopped_with_its_name()
    {
        var e = Assert.Throws<InvalidOperationException>(() => MigrationSimulation.Run(PolicyContract.Case(new AlwaysSync(), 3)));
        Assert.Contains("always-sync", e.Message);
        Assert.Contains("second sync", e.Message);
    }

    [Fact]
    public void A_policy_that_switches_without_postcopy_ram_is_stopped()
    {
        var e = Assert.Throws<InvalidOperationException>(() => MigrationSimulation.Run(PolicyContract.Case(new SwitchWithoutCapability(), 3)));
        Assert.Contains("postcopy-ram", e.Message);
    }

    private sealed record AlwaysSync : PolicySpec
    {
        public override string Name => "always-sync";
        public override MigrationPolicy Create() => new P();
        private sealed class P : MigrationPolicy
        {
            public override MigrationDecision Decide(in IterationCheck check) => MigrationDecision.Sync;
        }
    }

    private sealed record SwitchWithoutCapability : PolicySpec
    {
        public override string Name => "switch-without-capability";
        public override MigrationPolicy Create() => new P();
        private sealed class P : MigrationPolicy
        {
            public override MigrationDecision Decide(in IterationCheck check) => MigrationDecision.StartPostcopy("why not");
        }
    }
}
