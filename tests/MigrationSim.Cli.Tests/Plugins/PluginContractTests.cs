using FsCheck;
using FsCheck.Fluent;
using MigrationSim.Model.Policies;
using MigrationSim.Scenarios;
using MigrationSim.Scenarios.Plugins;

namespace MigrationSim.Cli.Tests.Plugins;

/// <summary>
/// The engine's contract (PolicyContract) over every policy a plug-in brings, checked the way
/// QEMU's are: each definition is named in a scenario with no other keys (its defaults) and in the
/// example's scenario, and the resulting policy runs FsCheck's drawn cases.
/// </summary>
[Collection(DotnetBuilds.Name)]
public class PluginContractTests(NovaPlugin plugin)
{
    [Fact]
    public void Every_plugin_policy_keeps_the_engine_contract()
    {
        var registry = PolicyPlugins.Load([plugin.Dll]);
        var added = registry.All.Where(d => !PolicyRegistry.BuiltIn.TryGet(d.Name, out _)).ToList();
        Assert.Equal(["nova-downtime-steps"], added.Select(d => d.Name));
        var specs = added.Select(d => ScenarioLoader.Parse($$"""
            guest: { memory: 64MiB }
            network: { bandwidth: 1Gbit/s }
            migration: { policy: {{d.Name}} }
            """, $"{d.Name}-defaults.yaml", registry).Input.Policy).ToList();
        specs.Add(ScenarioLoader.LoadFile(NovaPlugin.Scenario, registry).Input.Policy);
        foreach (var spec in specs)
            Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), seed =>
            {
                var problems = PolicyContract.Check(PolicyContract.Case(spec, (ulong)seed));
                return (problems.Count == 0).Label($"{spec.Describe()}, case {seed}: {string.Join("; ", problems)}");
            }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void The_plugin_policy_raises_the_downtime_limit_on_novas_schedule()
    {
        var registry = PolicyPlugins.Load([plugin.Dll]);
        var input = ScenarioLoader.LoadFile(NovaPlugin.Scenario, registry).Input;
        // 2 GiB + 0 extra RAM, 5 s per GiB: a step every 10 s, from 500/10 = 50 ms up by 45 ms (Nova's integer ms).
        var limits = new List<(double Seconds, double Ms)>();
        Model.Migration.MigrationSimulation.Run(input with { Workload = new Model.Workloads.UniformWorkloadSpec(input.Workload.WorkingSetPages, 36_000) },
            m => m.WindowClosed += _ => { if (limits.Count == 0 || limits[^1].Ms != m.DowntimeLimit.Milliseconds) limits.Add((m.Simulator.Now.Seconds, m.DowntimeLimit.Milliseconds)); });
        Assert.Equal([50, 95, 140, 185], limits.Take(4).Select(l => l.Ms));
        Assert.InRange(limits[1].Seconds, 10, 10.3);
        Assert.InRange(limits[2].Seconds, 20, 20.3);
    }
}
