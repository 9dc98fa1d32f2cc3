#:project ../src/MigrationSim.Scenarios/MigrationSim.Scenarios.csproj
// Running a shipped scenario from code: load the YAML (checked exactly as `migsim run` checks
// it), simulate, print the summary: every metric the run has, under query-migrate's names where
// QEMU reports the figure, each in its unit (the same catalogue feeds summary.csv and the plots).
//
//   dotnet run examples/run-scenario.cs [-- SCENARIO.yaml]    # default: scenarios/quickstart.yaml
using MigrationSim.Model.Migration;
using MigrationSim.Model.Results;
using MigrationSim.Scenarios;

string here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "examples";
string file = args.Length > 0 ? args[0] : Path.Combine(here, "..", "scenarios", "quickstart.yaml");
Scenario scenario;
try { scenario = ScenarioLoader.LoadFile(file); }
catch (ScenarioException e)
{
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}

var input = scenario.Input;
var result = MigrationSimulation.Run(input);
var s = result.Summary;
Console.WriteLine($"{s.Scenario}: {s.Type} {input.Policy.Describe()}, {input.Workload.Describe(input.Guest.PageSizeBytes)}, seed {s.Seed}");
Console.WriteLine($"  {"status",-24} {s.Status} ({s.Outcome})");
foreach (var metric in Metrics.All)
    if (metric.Read(s) is { } value)
        Console.WriteLine($"  {metric.Name,-24} {metric.Show(value),-14} {(metric.InQueryMigrate ? "" : "(simulator only)")}".TrimEnd());
Console.WriteLine($"  {result.Iterations.Count} iterations, {result.Timeline.Count} query-migrate polls");
return 0;
