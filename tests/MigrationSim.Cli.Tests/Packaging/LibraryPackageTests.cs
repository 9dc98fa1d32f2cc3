using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace MigrationSim.Cli.Tests.Packaging;

/// <summary>
/// `dotnet pack src/MigrationSim` gives the library package: the three assemblies with their XML
/// docs (every public type documented), YamlDotNet and ZstdSharp.Port (what a scenario's multifd-zstd
/// pages compress to) as the only dependencies, and a program outside
/// the repository that takes the package from a folder builds and simulates with it.
/// </summary>
[Collection(DotnetBuilds.Name)]
public class LibraryPackageTests
{
    private static readonly string[] Assemblies = ["MigrationSim.Kernel", "MigrationSim.Model", "MigrationSim.Scenarios"];

    [Fact]
    public void The_package_holds_the_three_assemblies_with_their_docs_and_works_outside_the_repository()
    {
        using var tmp = new TempFolder();
        string feed = tmp.File("feed");
        var pack = DotnetBuilds.Dotnet("pack", Path.Combine("src", "MigrationSim"), "-c", "Debug", "-o", feed);
        Assert.True(pack.Exit == 0, pack.Out + pack.Err);
        string nupkg = Assert.Single(Directory.GetFiles(feed, "*.nupkg"));
        Assert.StartsWith("MigrationSim.", Path.GetFileName(nupkg));

        using (var zip = ZipFile.OpenRead(nupkg))
        {
            var lib = zip.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal)).Select(e => e.FullName).Order().ToList();
            Assert.Equal(Assemblies.SelectMany(a => new[] { $"lib/net10.0/{a}.dll", $"lib/net10.0/{a}.xml" }).Order(), lib);
            Assert.NotNull(zip.GetEntry("README.md"));
            var nuspec = XDocument.Load(zip.GetEntry("MigrationSim.nuspec")!.Open());
            XNamespace ns = nuspec.Root!.Name.Namespace;
            var meta = nuspec.Root.Element(ns + "metadata")!;
            Assert.Equal("MigrationSim", meta.Element(ns + "id")!.Value);
            Assert.False(string.IsNullOrWhiteSpace(meta.Element(ns + "description")!.Value));
            Assert.Equal(["YamlDotNet", "ZstdSharp.Port"], meta.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!));

            // Every public type of each assembly has its summary in the package's XML docs.
            foreach (string a in Assemblies)
            {
                var docs = XDocument.Load(zip.GetEntry($"lib/net10.0/{a}.xml")!.Open());
                var documented = docs.Descendants("member").Where(m => m.Element("summary") is not null || m.Element("inheritdoc") is not null)
                    .Select(m => (string)m.Attribute("name")!).ToHashSet();
                var types = Assembly.Load(a).GetExportedTypes();
                Assert.NotEmpty(types);
                var undocumented = types.Select(t => "T:" + t.FullName!.Replace('+', '.')).Where(n => !documented.Contains(n)).ToList();
                Assert.True(undocumented.Count == 0, $"{a}: no summary for {string.Join(", ", undocumented)}");
            }
        }

        // A program elsewhere, taking the package from the folder (its dependency from the machine's package cache).
        string app = tmp.File("app");
        Directory.CreateDirectory(app);
        string cache = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } p ? p : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        File.WriteAllText(Path.Combine(app, "NuGet.config"), $"""
            <configuration>
              <packageSources>
                <clear />
                <add key="feed" value="{feed}" />
                <add key="cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(app, "uses-package.cs"), """
            #:package MigrationSim@0.1.0
            using MigrationSim.Model.Migration;
            using MigrationSim.Scenarios;
            var scenario = ScenarioLoader.Parse("guest: { memory: 64MiB }\nworkload: { kind: uniform, working-set: 16MiB, rate: 1000 pages/s }\nnetwork: { bandwidth: 1Gbit/s }", "inline.yaml");
            int syncs = 0;
            var result = MigrationSimulation.Run(scenario.Input, m => m.Synced += _ => syncs++);
            Console.WriteLine($"{result.Summary.Status} {result.Summary.DirtySyncCount} {syncs}");
            """);
        // Its own package folder, so that this build's package never lands in the machine's cache under a reused version.
        var env = new Dictionary<string, string> { ["NUGET_PACKAGES"] = tmp.File("packages") };
        var run = ChildProcess.Run(MigsimProcess.Dotnet, ["run", "uses-package.cs"], env, TimeSpan.FromMinutes(10), workingDirectory: app);
        Assert.True(run.Exit == 0, run.Out + run.Err);
        var words = run.Out.Trim().Split(' ');
        Assert.Equal("completed", words[0]);
        // dirty-sync-count counts the setup sync, which raises no Synced event.
        Assert.Equal(int.Parse(words[1]), int.Parse(words[2]) + 1);
    }
}
