#:project ../src/MigrationSim.Scenarios/MigrationSim.Scenarios.csproj
#:package ScottPlot@5.1.59
// Observing a migration through its events and drawing them: a hybrid migration (precopy, then
// postcopy after one iteration), with the pending bytes from each query-migrate poll, the dirty
// bitmap syncs, the stop and resume, and the postcopy page faults per 100 ms.
//
//   dotnet run examples/events-plot.cs [-- FOLDER]    # the PNG goes into FOLDER (default: a temp folder)
//
// It prints the PNG's path and a digest of the events it drew: the digest is the same on every
// machine (same scenario, same seed), the pixels may differ with the fonts installed.
using System.Globalization;
using MigrationSim.Model.Migration;
using MigrationSim.Model.Policies;
using MigrationSim.Model.Results;
using MigrationSim.Scenarios;

string here = AppContext.GetData("EntryPointFileDirectoryPath") as string ?? "examples";
var scenario = ScenarioLoader.LoadFile(Path.Combine(here, "..", "scenarios", "quickstart-hybrid.yaml"));
string folder = args.Length > 0 ? args[0] : Directory.CreateTempSubdirectory("migsim-events-").FullName;

var polls = new List<MigrationSample>();
var syncs = new List<SyncInfo>();
var faults = new List<FaultRecord>();
StopInfo? stop = null;
double? resumedMs = null;
var result = MigrationSimulation.Run(scenario.Input, m =>
{
    m.Sampled += polls.Add;
    m.Synced += syncs.Add;
    m.Faulted += faults.Add;
    m.Stopped += s => stop = s;
    m.ResumedOnDestination += t => resumedMs = t.Milliseconds;
});

// What was drawn, reduced to one number: FNV-1a (64 bit) over the events' figures as text.
ulong digest = 14695981039346656037;
void Mix(FormattableString part)
{
    foreach (char c in part.ToString(CultureInfo.InvariantCulture)) digest = (digest ^ c) * 1099511628211;
}
foreach (var p in polls) Mix($"poll {p.ElapsedMs} {p.Remaining} {p.Transferred};");
foreach (var s in syncs) Mix($"sync {s.Time.Nanoseconds} {s.NewlyDirtyPages} {s.PendingPages};");
foreach (var f in faults) Mix($"fault {f.TimeMs} {f.Page} {f.LatencyMs};");
Mix($"stop {stop?.Time.Nanoseconds} resumed {resumedMs}");

var plot = new ScottPlot.Plot();
string font = Path.Combine(here, "..", "src", "MigrationSim.Reporting", "Fonts", "DejaVuSans.ttf");
ScottPlot.Fonts.AddFontFile("DejaVu Sans", font, false, false);
plot.Font.Set("DejaVu Sans");
plot.Title($"{scenario.Name}: pending bytes and postcopy faults, from the migration's events");
plot.XLabel("time since migrate (s)");
plot.YLabel("remaining (MiB)");
var remaining = plot.Add.Scatter(polls.Select(p => p.ElapsedMs / 1000).ToArray(), polls.Select(p => p.Remaining / (double)(1 << 20)).ToArray());
remaining.LegendText = "remaining (query-migrate polls)";
remaining.MarkerSize = 0;
foreach (var s in syncs.Where(s => !s.DuringCompletion))
    plot.Add.VerticalLine(s.Time.Seconds, 1, ScottPlot.Colors.Gray, ScottPlot.LinePattern.Dashed);
if (stop is { } st)
{
    var line = plot.Add.VerticalLine(st.Time.Seconds, 2, ScottPlot.Colors.Red);
    line.LegendText = $"stopped on the source ({st.Reason})";
}
var perWindow = faults.GroupBy(f => Math.Floor(f.TimeMs / 100)).OrderBy(g => g.Key).ToList();
var faultAxis = plot.Axes.AddRightAxis();
faultAxis.LabelText = "page faults per 100 ms";
var bars = plot.Add.Scatter(perWindow.Select(g => g.Key / 10).ToArray(), perWindow.Select(g => (double)g.Count()).ToArray());
bars.Axes.YAxis = faultAxis;
bars.LineWidth = 0;
bars.LegendText = "postcopy page faults per 100 ms";
// Counts from zero (headroom above for the legend), not from the smallest count drawn.
plot.Axes.SetLimitsY(0, Math.Max(1, perWindow.Select(g => g.Count()).DefaultIfEmpty(0).Max()) * 1.3, faultAxis);
plot.ShowLegend(ScottPlot.Alignment.UpperRight);
Directory.CreateDirectory(folder);
string png = Path.Combine(folder, $"events-{scenario.Name}.png");
plot.SavePng(png, 900, 520);

var c = CultureInfo.InvariantCulture;
Console.WriteLine($"{scenario.Name}: {result.Summary.Status} after {result.Summary.TotalTimeMs.ToString("0", c)} ms ({result.Summary.SwitchRule})");
Console.WriteLine($"events: {polls.Count} polls, {syncs.Count} syncs, stopped at {stop?.Time.Milliseconds.ToString("0.###", c)} ms, " +
                  $"resumed on the destination at {resumedMs?.ToString("0.###", c)} ms, {faults.Count} page faults");
Console.WriteLine($"digest: {digest:x16}");
Console.WriteLine($"wrote {png}");
