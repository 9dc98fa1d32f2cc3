using MigrationSim.Reporting.Staging;

namespace MigrationSim.Reporting.Tests.Staging;

/// <summary>An output folder is replaced as a whole or left as it was, even after a kill (stale siblings).</summary>
public sealed class StagedFolderTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "migsim-staging-" + Guid.NewGuid().ToString("N"));

    public StagedFolderTests() => Directory.CreateDirectory(_root);

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private static bool Ours(string name) => name.EndsWith(".csv", StringComparison.Ordinal);

    // A process id that is certainly not running: above the kernel's pid_max (4194304 at most).
    private const int DeadPid = 999_999_999;

    /// <summary>An earlier output folder "out" holding one file with the text "old".</summary>
    private string EarlierOutput(string file)
    {
        string target = Path.Combine(_root, "out");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, file), "old");
        return target;
    }

    private string Stale(string name, string kind) => Path.Combine(_root, $".{name}.{kind}-{DeadPid}-{Guid.NewGuid():N}");

    [Fact]
    public void Nothing_changes_until_commit_and_an_abandoned_staging_folder_disappears()
    {
        string target = EarlierOutput("a.csv");
        using (var folder = StagedFolder.Begin(target, Ours))
        {
            File.WriteAllText(Path.Combine(folder.Path, "a.csv"), "new");
            Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.csv")));
        }
        Assert.Equal("old", File.ReadAllText(Path.Combine(target, "a.csv")));
        Assert.Equal([target], Directory.GetFileSystemEntries(_root));
    }

    [Fact]
    public void Commit_swaps_the_folder_whole()
    {
        string target = EarlierOutput("stale.csv");
        using (var folder = StagedFolder.Begin(target, Ours))
        {
            File.WriteAllText(Path.Combine(folder.Path, "a.csv"), "new");
            folder.Commit();
        }
        Assert.Equal(["a.csv"], Directory.GetFiles(target).Select(Path.GetFileName));
        Assert.Equal([target], Directory.GetFileSystemEntries(_root));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("/", "root folder")]
    public void Unusable_targets_are_named(string target, string phrase) =>
        Assert.Contains(phrase, StagedFolder.Problem(target, Ours));

    [Fact]
    public void A_file_or_a_folder_under_a_file_is_refused()
    {
        string file = Path.Combine(_root, "f");
        File.WriteAllText(file, "x");
        Assert.Contains("is a file", StagedFolder.Problem(file, Ours));
        Assert.Contains("is a file", StagedFolder.Problem(Path.Combine(file, "sub"), Ours));
    }

    [Fact]
    public void Stale_staging_of_a_dead_process_is_removed_and_a_set_aside_output_without_successor_is_put_back()
    {
        // A kill between the two renames of a commit: the new output staged, the old one set aside, no target.
        string tmp = Stale("out", "tmp"), old = Stale("out", "old"), file = Stale("results.csv", "tmp");
        Directory.CreateDirectory(tmp);
        Directory.CreateDirectory(old);
        File.WriteAllText(Path.Combine(old, "a.csv"), "old");
        File.WriteAllText(file, "partial");
        // A live process's staging (this one's) is not touched.
        string live = Path.Combine(_root, $".other.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(live);

        var handled = StagingName.CleanStale(_root);

        Assert.Equal(3, handled.Count);
        Assert.Equal("old", File.ReadAllText(Path.Combine(_root, "out", "a.csv")));
        Assert.Equal([live, Path.Combine(_root, "out")], Directory.GetFileSystemEntries(_root).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Begin_cleans_stale_siblings_first()
    {
        string stale = Stale("out", "tmp");
        Directory.CreateDirectory(stale);
        using (var folder = StagedFolder.Begin(Path.Combine(_root, "out"), Ours)) folder.Commit();
        Assert.False(Directory.Exists(stale));
    }
}
