#:project ../src/MigrationSim.Scenarios/MigrationSim.Scenarios.csproj
// Running a shipped scenario from code: load the YAML (checked exactly as `migsim run` checks
// it), simulate, print the summary. Any scenario file can be given instead.
//
//   dotnet run examples/run-scenario.cs [-- SCENARIO.yaml]    # default: scenarios/quickstart.yaml
using System.Globalization;
using MigrationSim.Model.Migration;
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

var result = MigrationSimulation.Run(scenario.Input);
var s = result.Summary;
var c = CultureInfo.InvariantCulture;
Console.WriteLine($"{s.Scenario}: {s.Type} {s.Policy}, seed {s.Seed}");
Console.WriteLine($"  {"status",-18} {s.Status} ({s.Outcome})");
Console.WriteLine($"  {"dirty-sync-count",-18} {s.DirtySyncCount}");
Console.WriteLine($"  {"total-time",-18} {s.TotalTimeMs.ToString("0.###", c)} ms");
Console.WriteLine($"  {"downtime",-18} {(s.DowntimeMs is { } d ? d.ToString("0.###", c) + " ms" : "-")}");
Console.WriteLine($"  {"transferred",-18} {s.Transferred} bytes");
return 0;
