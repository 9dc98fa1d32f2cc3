using System.Text.RegularExpressions;
using MigrationSim.Cli.Cluster;
using MigrationSim.Reporting.Csv;
using MigrationSim.Scenarios.Sweeps;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Cli.Tests.Cluster;

/// <summary>
/// cluster/kubernetes, checked offline (no cluster, no container engine here): the Jobs agree with
/// each other, the volume and the image the Dockerfile builds, and their shell scripts, run as the
/// pods would run them, shard, resume and merge a sweep to the single-machine result.
/// </summary>
public class KubernetesFilesTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "cluster", "kubernetes");

    private static YamlMappingNode Load(string file)
    {
        var stream = new YamlStream();
        using (var r = new StreamReader(Path.Combine(Folder, file))) stream.Load(r);
        return (YamlMappingNode)Assert.Single(stream.Documents).RootNode;
    }

    private static YamlNode At(YamlNode node, string path)
    {
        foreach (string key in path.Split('.'))
        {
            node = key.StartsWith('[')
                ? ((YamlSequenceNode)node).Children[int.Parse(key[1..^1])]
                : ((YamlMappingNode)node).Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : throw new Xunit.Sdk.XunitException($"no '{key}' in {path}");
        }
        return node;
    }

    private static string Text(YamlNode node, string path) => ((YamlScalarNode)At(node, path)).Value!;

    private static YamlMappingNode Container(YamlNode job) => (YamlMappingNode)At(job, "spec.template.spec.containers.[0]");

    private static Dictionary<string, YamlMappingNode> Env(YamlNode job) =>
        ((YamlSequenceNode)At(Container(job), "env")).Children.Cast<YamlMappingNode>().ToDictionary(e => Text(e, "name"));

    private static string EnvValue(YamlNode job, string name) => Text(Env(job)[name], "value");

    private static string Script(YamlNode job)
    {
        Assert.Equal(["/bin/sh", "-c"], ((YamlSequenceNode)At(Container(job), "command")).Children.Select(c => ((YamlScalarNode)c).Value));
        return Text(Container(job), "args.[0]");
    }

    [Fact]
    public void The_jobs_agree_with_each_other_with_the_volume_and_with_the_image()
    {
        var sweep = Load("sweep-job.yaml");
        var merge = Load("merge-job.yaml");
        var pvc = Load("results-pvc.yaml");

        foreach (var job in new[] { sweep, merge })
        {
            Assert.Equal("batch/v1", Text(job, "apiVersion"));
            Assert.Equal("Job", Text(job, "kind"));
            Assert.Equal("Never", Text(job, "spec.template.spec.restartPolicy"));
            Assert.Equal(Text(pvc, "metadata.name"), Text(job, "spec.template.spec.volumes.[0].persistentVolumeClaim.claimName"));
            string volume = Text(job, "spec.template.spec.volumes.[0].name");
            Assert.Equal(volume, Text(Container(job), "volumeMounts.[0].name"));
            Assert.StartsWith(Text(Container(job), "volumeMounts.[0].mountPath") + "/", EnvValue(job, "OUT"));
        }
        Assert.Equal("v1", Text(pvc, "apiVersion"));
        Assert.Equal("PersistentVolumeClaim", Text(pvc, "kind"));
        Assert.Contains("ReadWriteMany", ((YamlSequenceNode)At(pvc, "spec.accessModes")).Children.Select(c => ((YamlScalarNode)c).Value));

        // One shard per index: N = completions = SHARDS in both jobs; a failed index is retried alone.
        Assert.Equal("Indexed", Text(sweep, "spec.completionMode"));
        string shards = Text(sweep, "spec.completions");
        Assert.Equal(shards, EnvValue(sweep, "SHARDS"));
        Assert.Equal(shards, EnvValue(merge, "SHARDS"));
        Assert.True(int.Parse(Text(sweep, "spec.parallelism")) <= int.Parse(shards));
        Assert.True(int.Parse(Text(sweep, "spec.backoffLimitPerIndex")) >= 1);
        Assert.Equal(EnvValue(sweep, "OUT"), EnvValue(merge, "OUT"));
        Assert.Equal(Text(Container(sweep), "image"), Text(Container(merge), "image"));
        // --jobs follows the CPU limit through the downward API.
        Assert.Equal("limits.cpu", Text(Env(sweep)["CPUS"], "valueFrom.resourceFieldRef.resource"));
        Assert.Matches(@"^\d+$", Text(Container(sweep), "resources.limits.cpu"));

        // The sweep is one the image holds (the Dockerfile copies scenarios/ to /app/scenarios) and has enough points.
        string inImage = EnvValue(sweep, "SWEEP");
        Assert.StartsWith("/app/scenarios/", inImage);
        var plan = SweepExpander.Expand(SweepLoader.LoadFile(Path.Combine(RepoPaths.Scenarios, inImage["/app/scenarios/".Length..])));
        Assert.True(plan.Points.Count >= int.Parse(shards), $"{plan.Points.Count} points for {shards} shards");
    }

    [Fact]
    public void The_Dockerfile_builds_migsim_on_PATH_with_the_scenarios_where_the_jobs_look()
    {
        string dockerfile = File.ReadAllText(Path.Combine(Folder, "Dockerfile"));
        var lines = Regex.Replace(dockerfile, @"\\\n", " ").Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#')).ToList();
        var from = lines.Where(l => l.StartsWith("FROM ", StringComparison.Ordinal)).ToList();

        // The SDK and runtime images of the framework the projects target.
        string tfm = Regex.Match(File.ReadAllText(Path.Combine(RepoPaths.Root, "Directory.Build.props")), @"<TargetFramework>net(\d+\.\d+)</TargetFramework>").Groups[1].Value;
        Assert.Equal($"FROM mcr.microsoft.com/dotnet/sdk:{tfm} AS build", from[0]);
        Assert.Equal($"FROM mcr.microsoft.com/dotnet/runtime:{tfm}", from[^1]);

        // The published CLI (-o X), copied out of the build stage (X -> Y), linked onto PATH as migsim.
        var publish = Regex.Match(dockerfile, @"RUN dotnet publish (\S+) -c Release -o (\S+)");
        Assert.True(publish.Success, "no 'RUN dotnet publish PROJECT -c Release -o DIR'");
        string project = Path.Combine(RepoPaths.Root, publish.Groups[1].Value);
        Assert.Contains("<AssemblyName>migsim</AssemblyName>", File.ReadAllText(Directory.GetFiles(project, "*.csproj").Single()));
        var copyOut = Regex.Match(dockerfile, $@"COPY --from=build {Regex.Escape(publish.Groups[2].Value)} (\S+)");
        Assert.True(copyOut.Success, "the published folder is not copied out of the build stage");
        Assert.Contains($"RUN ln -s {copyOut.Groups[1].Value}/migsim /usr/local/bin/migsim", lines);
        Assert.Contains("COPY scenarios /app/scenarios", lines);

        // Every other COPY source is in the repository, and the build context keeps what the build reads.
        foreach (var copy in lines.Where(l => l.StartsWith("COPY ", StringComparison.Ordinal) && !l.Contains("--from")))
        {
            string source = copy.Split(' ')[1];
            Assert.True(source == "." || Path.Exists(Path.Combine(RepoPaths.Root, source)), $"{copy}: {source} is not in the repository");
        }
        var ignored = File.ReadAllLines(Path.Combine(Folder, "Dockerfile.dockerignore"))
            .Select(l => l.Trim()).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => l.Replace("**/", "").TrimEnd('/')).ToList();
        foreach (string needed in new[] { "src/MigrationSim.Cli", "cluster/slurm", "scenarios/sweeps", "Directory.Build.props", "Directory.Packages.props" })
            Assert.DoesNotContain(ignored, p => needed.Split('/').Contains(p));

        // The tag the build comment uses is the image the jobs run.
        string tag = Regex.Match(dockerfile, @"docker build -f cluster/kubernetes/Dockerfile -t (\S+) \.").Groups[1].Value;
        Assert.Equal(Text(Container(Load("sweep-job.yaml")), "image"), tag);
    }

    [Fact]
    public void The_pod_scripts_run_the_shards_resume_a_retried_one_and_merge_to_the_single_machine_result()
    {
        using var tmp = new TempFolder();
        var sweepJob = Load("sweep-job.yaml");
        var mergeJob = Load("merge-job.yaml");
        int shards = int.Parse(EnvValue(sweepJob, "SHARDS"));
        // The scripts as they are; the paths of the pod mapped to this machine. A shipped sweep that
        // runs in about a second stands in for the job's, whose points the other test checks.
        string sweep = Path.Combine(RepoPaths.Scenarios, "sweeps", "sla-downtime-limit.yaml");
        string outDir = Path.Combine(tmp.Path, "results", Path.GetFileName(EnvValue(sweepJob, "OUT")));
        string bin = tmp.File("bin");
        Directory.CreateDirectory(bin);
        MigsimOnNodes.Write(bin, [MigsimProcess.Dotnet, MigsimProcess.Dll]);
        var env = new Dictionary<string, string>
        {
            ["PATH"] = $"{bin}:{Environment.GetEnvironmentVariable("PATH")}",
            ["SWEEP"] = sweep, ["OUT"] = outDir, ["SHARDS"] = $"{shards}", ["CPUS"] = "1",
        };

        // Shard 2's first pod was evicted after 3 runs: its retry must continue that file.
        Assert.Equal(130, Cli.Run("sweep", sweep, "--out", Path.Combine(outDir, "shard-2"), "--shard", $"2/{shards}", "--jobs", "1", "--stop-after", "3").Exit);
        for (int index = 0; index < shards; index++)
        {
            var (exit, stdout, stderr) = Sh(Script(sweepJob), new Dictionary<string, string>(env) { ["JOB_COMPLETION_INDEX"] = $"{index}" });
            Assert.True(exit == 0, $"index {index}: {stderr}{stdout}");
            if (index == 1) Assert.Contains("3 already in", stdout);
        }
        var merged = Sh(Script(mergeJob), env);
        Assert.True(merged.Exit == 0, merged.Err + merged.Out);

        var one = Cli.Run("sweep", sweep, "--out", tmp.File("one"));
        Assert.True(one.Exit == 0, one.Err);
        Assert.Equal(File.ReadAllBytes(SweepCommandTests.Results(tmp.File("one"))), File.ReadAllBytes(Path.Combine(outDir, SweepResultsFile.FileName)));
        Assert.Equal(Directory.GetFiles(Path.Combine(tmp.File("one"), "figures")).Select(f => Path.GetFileName(f)).Order(),
            Directory.GetFiles(Path.Combine(outDir, "figures")).Select(f => Path.GetFileName(f)).Order());

        // With a shard gone, the merge pod fails instead of passing a partial result.
        File.Delete(Path.Combine(outDir, SweepResultsFile.FileName));
        Directory.Delete(Path.Combine(outDir, "shard-3"), recursive: true);
        var partial = Sh(Script(mergeJob), env);
        Assert.Equal(2, partial.Exit);
        Assert.Contains($"shard 3/{shards}: not among the inputs", partial.Err);
        Assert.False(File.Exists(Path.Combine(outDir, SweepResultsFile.FileName)));
    }

    private static (int Exit, string Out, string Err) Sh(string script, IReadOnlyDictionary<string, string> env) =>
        ChildProcess.Run("/bin/sh", ["-c", script], env);
}
