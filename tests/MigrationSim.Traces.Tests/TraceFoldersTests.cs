using MigrationSim.Traces.Format;
using MigrationSim.Traces.Loading;

namespace MigrationSim.Traces.Tests;

/// <summary>How a folder of captures expands, with another release's set nested in it (results/traces/qemu-10.0).</summary>
public sealed class TraceFoldersTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("migsim-tracefolders-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string Capture(string relative, string file)
    {
        string dir = Path.Combine(_root, relative);
        Directory.CreateDirectory(dir);
        File.WriteAllText(Path.Combine(dir, file), "");
        return dir;
    }

    [Fact]
    public void A_set_stands_for_its_captures_and_leaves_a_nested_set_out_until_that_is_named()
    {
        string a = Capture("a-r1", TraceFiles.Scenario);
        string b = Capture("b-r1", TraceFiles.Trace);
        string broken = Path.Combine(_root, "c-r1");
        Directory.CreateDirectory(broken);                     // no files: still listed, validate reports it unusable
        string nested = Capture(Path.Combine("qemu-10.0", "a-r1"), TraceFiles.Scenario);

        Assert.Equal([a, b, broken], TraceFolders.Expand([_root]));
        Assert.Equal([nested], TraceFolders.Expand([Path.Combine(_root, "qemu-10.0")]));
        Assert.Equal([a, nested], TraceFolders.Expand([a, Path.Combine(_root, "qemu-10.0")]));
    }
}
