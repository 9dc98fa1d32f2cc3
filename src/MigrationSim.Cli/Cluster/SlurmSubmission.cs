using System.Globalization;

namespace MigrationSim.Cli.Cluster;

/// <summary>
/// The two submissions of a sweep on Slurm: a job array of <see cref="Shards"/> tasks running
/// cluster/slurm/sweep.sbatch (task K = shard K/N), and cluster/slurm/merge.sbatch after it with
/// afterok. Paths are absolute because the jobs start on other machines, in <see cref="OutDir"/>.
/// </summary>
/// <param name="Name">Sweep name, for the job names.</param>
/// <param name="SweepFile">Absolute path of the sweep file (the nodes must see it).</param>
/// <param name="OutDir">Absolute results folder on shared storage: shard-K/, results.csv, figures/, logs/, slurm/.</param>
/// <param name="Shards">N: array tasks 1..N.</param>
/// <param name="CpusPerTask">CPUs per task; each shard runs that many simulations at once.</param>
/// <param name="Partition">Slurm partition, or the cluster's default.</param>
/// <param name="TimeLimit">Slurm time limit per task (e.g. 01:00:00), or the partition's default.</param>
/// <param name="ExtraOptions">Further sbatch options for both jobs (e.g. --account=P).</param>
public sealed record SlurmSubmission(
    string Name, string SweepFile, string OutDir, int Shards, int CpusPerTask,
    string? Partition, string? TimeLimit, IReadOnlyList<string> ExtraOptions)
{
    /// <summary>Plug-in assemblies (absolute paths the nodes see), passed to every shard's migsim sweep as --plugin.</summary>
    public IReadOnlyList<string> Plugins { get; init; } = [];

    public string JobFilesDir => Path.Combine(OutDir, "slurm");

    public string LogsDir => Path.Combine(OutDir, "logs");

    public string ShardDir(int k) => Path.Combine(OutDir, "shard-" + k.ToString(CultureInfo.InvariantCulture));

    private string JobName => "migsim-" + string.Concat(Name.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_'));

    private string N => Shards.ToString(CultureInfo.InvariantCulture);

    /// <summary>sbatch's arguments for the array (after "sbatch").</summary>
    public IReadOnlyList<string> ArrayArguments(string sweepScript) =>
    [
        "--parsable", "--export=ALL", $"--job-name={JobName}", $"--array=1-{N}",
        $"--cpus-per-task={CpusPerTask.ToString(CultureInfo.InvariantCulture)}",
        $"--chdir={OutDir}", $"--output={Path.Combine(LogsDir, "sweep-%A_%a.out")}",
        .. Common(), sweepScript, SweepFile, OutDir, N, .. Plugins.SelectMany(p => new[] { "--plugin", p }),
    ];

    /// <summary>sbatch's arguments for the merge job that waits for <paramref name="arrayJobId"/>.</summary>
    public IReadOnlyList<string> MergeArguments(string mergeScript, string arrayJobId) =>
    [
        "--parsable", "--export=ALL", $"--job-name={JobName}-merge",
        $"--dependency=afterok:{arrayJobId}", "--kill-on-invalid-dep=yes",
        $"--chdir={OutDir}", $"--output={Path.Combine(LogsDir, "merge-%j.out")}",
        .. Common(), mergeScript, OutDir, N,
    ];

    private IEnumerable<string> Common()
    {
        if (Partition is not null) yield return $"--partition={Partition}";
        if (TimeLimit is not null) yield return $"--time={TimeLimit}";
        foreach (string o in ExtraOptions) yield return o;
    }
}
