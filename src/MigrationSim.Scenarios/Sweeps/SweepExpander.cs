using MigrationSim.Kernel;
using MigrationSim.Scenarios.Limits;
using YamlDotNet.RepresentationModel;

namespace MigrationSim.Scenarios.Sweeps;

/// <summary>
/// Turns a sweep definition into validated points and seeded runs. Each point is the base
/// scenario's YAML tree with the axis keys set, read by <see cref="ScenarioLoader.FromNode"/>,
/// so a point is checked exactly like a scenario file; an axis over a key the scenario schema
/// does not have fails there and is reported at the axis's line in the sweep file.
/// </summary>
public static class SweepExpander
{
    /// <summary>Every point of <paramref name="def"/>, validated as a scenario, and its seeded runs, with the sweep's fingerprint; a point that is not a valid scenario is a <see cref="ScenarioException"/> at the sweep file's line.</summary>
    /// <param name="def">The parsed sweep.</param>
    /// <param name="parallelism">Threads that build points (the plan is the same for any value).</param>
    public static SweepPlan Expand(SweepDefinition def, int parallelism = 1)
    {
        var axes = def.Axes;
        long count = 1;
        foreach (var g in def.Groups)
        {
            count *= axes[g[0]].Values.Count;
            if (count * def.Replications > InputLimits.MaxRuns)
                throw new ScenarioException(def.File, def.AxesLine, def.AxesColumn, "axes",
                    $"more than {InputLimits.MaxRuns:N0} runs (points x {def.Replications} replications); reduce the values, steps or replications, or split the sweep");
        }

        // Building a point (re-reading the base, setting its keys, checking it as a scenario) is most of
        // the cost of a large sweep and points are independent: they are built on `parallelism` threads,
        // then taken in order, so the first problem reported and the fingerprint are those of a sequential pass.
        var built = new BuiltPoint[count];
        Parallel.For(0, (int)count, new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, parallelism) }, i => built[i] = Build(def, i));

        var points = new List<SweepPoint>((int)count);
        using var fingerprint = new SweepFingerprint();
        fingerprint.Append("migsim-sweep-v1\nreplications=").Append(def.Replications).Append("\n");
        List<string>? headers = null;
        string?[]? units = null;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < count; i++)
        {
            var (labels, description, choice, scenario, error, text) = built[i];
            // Two equal points would be two results for one setting; whole-number ranges with more
            // steps than numbers between their ends are how that happens.
            if (!seen.TryAdd(string.Join('\u0001', labels), i))
                throw new ScenarioException(def.File, def.AxesLine, def.AxesColumn, "axes",
                    $"points {seen[string.Join('\u0001', labels)]} and {i} are the same ({Excerpt.Of(description)}); every point must differ: " +
                    "a range of whole numbers repeats values when steps exceeds the numbers from 'from' to 'to', and values: must not repeat");
            if (error is not null) throw Locate(def, error, i, description, choice);

            if (headers is null)
            {
                int pageSize = scenario!.Input.Guest.PageSizeBytes;
                units = axes.Select(x => ParameterQuantity.UnitFor(x.Key, x.Values.Select(v => v.Label), pageSize)).ToArray();
                headers = [];
                for (int a = 0; a < axes.Count; a++)
                {
                    headers.Add(axes[a].Key);
                    if (units[a] is { } u) headers.Add($"{axes[a].Key} [{u}]");
                }
            }
            var values = new List<string>(headers.Count);
            for (int a = 0; a < axes.Count; a++)
            {
                values.Add(labels[a]);
                if (units![a] is { } u)
                    values.Add(ParameterQuantity.In(u, axes[a].Key, labels[a], scenario!.Input.Guest.PageSizeBytes) is { } x
                        ? x.ToString("0.######", System.Globalization.CultureInfo.InvariantCulture) : "");
            }
            points.Add(new SweepPoint(i, values, scenario!, description));
            fingerprint.Append("point ").Append(i).Append("\n").Append(text).Append("\n");
        }

        var runs = new List<SweepRun>(points.Count * def.Replications);
        foreach (var p in points)
        {
            var streams = new RandomStreams(def.Seed ?? p.Scenario.Input.Seed);
            for (int k = 0; k < def.Replications; k++)
            {
                ulong seed = streams.Derive($"point{p.Index}/rep{k}");
                runs.Add(new SweepRun(p, k, seed));
                fingerprint.Append("run ").Append(p.Index).Append("/").Append(k).Append(" ").Append(seed).Append("\n");
            }
        }
        return new SweepPlan(def, headers ?? [], points, runs, fingerprint.Finish());
    }

    private readonly record struct BuiltPoint(string[] Labels, string Description, int[] Choice, Scenario? Scenario, ScenarioException? Error, string Text);

    /// <summary>Point <paramref name="i"/>: the base with its keys set, read as a scenario (or the reason it is not one).</summary>
    private static BuiltPoint Build(SweepDefinition def, int i)
    {
        var axes = def.Axes;
        var choice = Choose(def, i);
        var node = def.LoadBase();
        foreach (var s in def.Set) YamlPath.Set(node, s.Key, s.Node);
        var labels = new string[axes.Count];
        for (int a = 0; a < axes.Count; a++)
        {
            var v = axes[a].Values[choice[a]];
            YamlPath.Set(node, axes[a].Key, v.Node);
            foreach (var s in v.Also) YamlPath.Set(node, s.Key, s.Node);
            labels[a] = v.Label;
        }
        string description = string.Join(", ", axes.Select((x, a) => $"{x.Key}={labels[a]}"));
        try
        {
            var scenario = ScenarioLoader.FromNode(node, def.BaseFile, def.BaseText, def.Policies);
            scenario.EnsureSimulated();
            return new BuiltPoint(labels, description, choice, scenario, null, Canonical(node));
        }
        catch (ScenarioException e)
        {
            return new BuiltPoint(labels, description, choice, null, e, "");
        }
    }

    /// <summary>Value index per axis for point <paramref name="index"/>: groups crossed, first group slowest.</summary>
    public static int[] Choose(SweepDefinition def, long index)
    {
        var choice = new int[def.Axes.Count];
        long rest = index;
        for (int g = def.Groups.Count - 1; g >= 0; g--)
        {
            int n = def.Axes[def.Groups[g][0]].Values.Count;
            int c = (int)(rest % n);
            rest /= n;
            foreach (int a in def.Groups[g]) choice[a] = c;
        }
        return choice;
    }

    private static ScenarioException Locate(SweepDefinition def, ScenarioException e, int point, string description, int[] choice)
    {
        // An error about a key the sweep set (or a mapping it had to create for it) belongs to the sweep file.
        static bool Owns(string setKey, string? errorKey) =>
            errorKey is not null && (setKey == errorKey || setKey.StartsWith(errorKey + ".", StringComparison.Ordinal) || errorKey.StartsWith(setKey + ".", StringComparison.Ordinal));
        foreach (var s in def.Set)
            if (Owns(s.Key, e.Key))
                return new ScenarioException(def.File, s.Line, s.Column, s.Key, $"{e.Problem} (in the sweep's set:)");
        for (int a = 0; a < def.Axes.Count; a++)
        {
            var axis = def.Axes[a];
            var value = axis.Values[choice[a]];
            foreach (var s in value.Also)
                if (Owns(s.Key, e.Key))
                    return new ScenarioException(def.File, s.Line, s.Column, s.Key, $"{e.Problem} (set for {axis.Key}={value.Label})");
            if (Owns(axis.Key, e.Key))
            {
                bool unknown = e.Problem.StartsWith("unknown key", StringComparison.Ordinal);
                string problem = unknown
                    ? $"not a scenario key, so it cannot be an axis: {(e.Key == axis.Key ? "" : e.Key + ": ")}{e.Problem}"
                    : $"value '{value.Label}': {e.Problem}";
                return new ScenarioException(def.File, axis.Line, axis.Column, axis.Key, problem);
            }
        }
        return new ScenarioException(def.File, def.AxesLine, def.AxesColumn, "axes",
            $"point {point} ({description}) is not a valid scenario: {e.Message}. " +
            "Give the keys such a value needs with the axis's 'set:' (e.g. set: { hybrid: { migration.switch: { after-iterations: 2 } } }), " +
            "or set a key to ~ to remove it from the base (docs/sweeps.md)");
    }

    private static string Canonical(YamlMappingNode node)
    {
        var w = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(w, assignAnchors: false);
        return w.ToString();
    }
}
