#:project ../src/MigrationSim.Scenarios/MigrationSim.Scenarios.csproj
// A new migration policy in one file: OpenStack Nova's stepped downtime, compared with QEMU's
// precopy over a range of write rates, then checked against the engine's contract.
//
//   dotnet run examples/nova-downtime-steps.cs            # the comparison table (expected output: nova-downtime-steps.tesh)
//   dotnet build examples/nova-downtime-steps.cs -o DIR   # DIR/nova-downtime-steps.dll is a plug-in for migsim:
//   migsim sweep examples/nova-downtime-steps-sweep.yaml --plugin DIR/nova-downtime-steps.dll
//
// Nova does not leave QEMU's downtime-limit alone: its libvirt driver starts a migration with a
// small limit and raises it in steps while the migration runs, so a guest that converges early
// pauses briefly and one that does not still ends at live_migration_downtime. The schedule is
// nova/virt/libvirt/migration.py, downtime_steps(data_gb): with downtime D, steps N and delay d
// seconds per GiB, step i (0..N) starts at int(d x data_gb) x i seconds with limit
// D/N + (D - D/N)/N x i ms; update_downtime() applies the last step whose start has passed
// (elapsed > start). data_gb is the guest's RAM here (Nova adds the disk for block migration).
using System.Globalization;
using MigrationSim.Kernel;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Model.Workloads;
using MigrationSim.Scenarios;

var policies = PolicyRegistry.CreateBuiltIn();
policies.Register(new NovaDowntimeStepsDefinition());
string here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "examples";
var scenario = ScenarioLoader.LoadFile(Path.Combine(here, "nova-downtime-steps.yaml"), policies);
var nova = (NovaDowntimeStepsSpec)scenario.Input.Policy;
Console.WriteLine($"{scenario.Name}: {scenario.Input.Guest.MemoryBytes >> 30} GiB guest, uniform writes over {scenario.Input.Workload.WorkingSetPages * scenario.Input.Guest.PageSizeBytes >> 20} MiB, " +
                  $"max-bandwidth 128 MiB/s, downtime-limit {scenario.Input.Parameters.DowntimeLimit}");
Console.WriteLine($"nova: {nova.Describe()}");
Console.WriteLine();
Console.WriteLine($"{"rate",12} | {"precopy",-34} | nova-downtime-steps");
Console.WriteLine($"{"pages/s",12} | {"iter",4} {"total",9} {"downtime",9} {"bytes",9} | {"iter",4} {"total",9} {"downtime",9} {"bytes",9} {"limit",10}");
foreach (double rate in new[] { 5_000.0, 15_000, 25_000, 30_000, 35_000 })
{
    var input = scenario.Input with { Workload = new UniformWorkloadSpec(scenario.Input.Workload.WorkingSetPages, rate) };
    var qemu = MigrationSimulation.Run(input with { Policy = PrecopySpec.Instance }).Summary;
    SimTime finalLimit = SimTime.Zero;
    var stepped = MigrationSimulation.Run(input, m => m.Finished += _ => finalLimit = m.DowntimeLimit).Summary;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{rate,12:0} | {Row(qemu)} | {Row(stepped)} {finalLimit.Milliseconds,7:0} ms"));
}

var failures = PolicyContract.Verify(new NovaDowntimeStepsSpec(Steps: 4, DelayPerGiB: SimTime.FromSeconds(40)), cases: 25);
Console.WriteLine();
Console.WriteLine(failures.Count == 0 ? "PolicyContract: 25 cases, every invariant holds" : $"PolicyContract: {failures.Count} broken:\n  {string.Join("\n  ", failures)}");
return failures.Count == 0 ? 0 : 1;

static string Row(MigrationSummary s) => string.Create(CultureInfo.InvariantCulture,
    $"{s.DirtySyncCount,4} {s.TotalTimeMs / 1000,7:0.00} s {(s.DowntimeMs is { } d ? $"{d,6:0.0} ms" : "       -"),9} {s.Transferred / (double)(1 << 20),5:0} MiB");

/// <summary>Scenario keys: downtime-steps (N, default 10) and downtime-delay (per GiB of RAM, default 75s), as Nova's options.</summary>
public sealed class NovaDowntimeStepsDefinition : PolicyDefinition
{
    public override string Name => "nova-downtime-steps";

    public override string Description => "OpenStack Nova's precopy: downtime-limit raised in steps from downtime-limit/N to downtime-limit while the migration runs";

    public override IReadOnlyList<PolicyOption> Options { get; } =
    [
        new("downtime-steps", "how many times the limit is raised (Nova's live_migration_downtime_steps)", "10"),
        new("downtime-delay", "time between raises per GiB of guest RAM (Nova's live_migration_downtime_delay)", "75s"),
    ];

    public override PolicySpec Parse(IPolicySettings settings)
    {
        int steps = (int)(settings.Integer("downtime-steps", 3, 1000) ?? 10); // Nova's minimum is 3
        var delay = settings.Duration("downtime-delay") ?? SimTime.FromSeconds(75);
        if (delay < SimTime.FromSeconds(1)) throw settings.Error("downtime-delay", "must be at least 1s (Nova's minimum, in whole seconds)");
        return new NovaDowntimeStepsSpec(steps, delay);
    }
}

/// <summary>Nova's schedule: <paramref name="Steps"/> raises, <paramref name="DelayPerGiB"/> apart per GiB of guest RAM.</summary>
public sealed record NovaDowntimeStepsSpec(int Steps, SimTime DelayPerGiB) : PolicySpec
{
    public override string Name => "nova-downtime-steps";

    public override MigrationPolicy Create() => new NovaDowntimeStepsPolicy(this);

    public override string Describe() => $"nova-downtime-steps ({Steps} steps, {DelayPerGiB} per GiB)";
}

/// <summary>QEMU's precopy decisions, with the downtime-limit raised on Nova's schedule before each iterate check.</summary>
public sealed class NovaDowntimeStepsPolicy(NovaDowntimeStepsSpec spec) : QemuPrecopyPolicy
{
    private (SimTime Start, SimTime Limit)[] _steps = [];
    private int _current = -1;

    protected override void OnAttached()
    {
        double downtimeMs = Migration.Settings.Parameters.DowntimeLimit.Milliseconds;
        double dataGiB = Migration.Guest.RamTotalBytes / (double)(1L << 30);
        long delaySeconds = (long)(spec.DelayPerGiB.Seconds * dataGiB); // Nova: int(delay * data_gb)
        double baseMs = downtimeMs / spec.Steps;
        double offsetMs = (downtimeMs - baseMs) / spec.Steps;
        // Nova truncates to whole ms; its limits are 10 ms and more (live_migration_downtime >= 100 ms), but a
        // scenario may ask for less, and QEMU's downtime-limit is at least 1 ms.
        _steps = [.. Enumerable.Range(0, spec.Steps + 1)
            .Select(i => (SimTime.FromSeconds(delaySeconds * i), SimTime.FromMilliseconds(Math.Max(1, Math.Floor(baseMs + offsetMs * i)))))];
        // Nova's monitor sets the first step as soon as the migration runs: start at the smallest limit.
        Migration.SetDowntimeLimit(_steps[0].Limit);
        _current = 0;
    }

    public override MigrationDecision Decide(in IterationCheck check)
    {
        var elapsed = check.Elapsed;
        int step = Array.FindLastIndex(_steps, s => elapsed > s.Start);
        if (step > _current)
        {
            _current = step;
            Migration.SetDowntimeLimit(_steps[step].Limit); // counts from the next 100 ms window, as migrate-set-parameters does
        }
        return base.Decide(check);
    }
}
