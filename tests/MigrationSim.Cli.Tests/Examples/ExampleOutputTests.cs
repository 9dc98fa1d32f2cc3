namespace MigrationSim.Cli.Tests.Examples;

/// <summary>
/// Every example under examples/ is a test: it runs as its .tesh file says (`dotnet run
/// examples/NAME.cs`) and must print exactly the lines committed there. MIGSIM_UPDATE_EXAMPLES=1
/// rewrites the .tesh files with what the examples print now (read the diff before committing it).
/// </summary>
[Collection(DotnetBuilds.Name)]
public class ExampleOutputTests
{
    private static string Folder => Path.Combine(RepoPaths.Root, "examples");

    public static TheoryData<string> Examples()
    {
        var data = new TheoryData<string>();
        foreach (var f in Directory.GetFiles(Folder, "*.cs").Order(StringComparer.Ordinal)) data.Add(Path.GetFileNameWithoutExtension(f));
        return data;
    }

    [Fact]
    public void Every_example_has_its_expected_output_and_every_expected_output_its_example()
    {
        var examples = Directory.GetFiles(Folder, "*.cs").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        var tesh = Directory.GetFiles(Folder, "*.tesh").Select(Path.GetFileNameWithoutExtension).Order().ToList();
        Assert.Equal(examples, tesh);
        Assert.True(examples.Count >= 3, $"{examples.Count} examples");
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void The_example_prints_its_expected_output(string name)
    {
        var tesh = TeshFile.Read(Path.Combine(Folder, name + ".tesh"));
        Assert.Equal(["dotnet", "run", $"examples/{name}.cs"], tesh.Command.Take(3));
        using var tmp = new TempFolder();
        var args = tesh.Command.Skip(1).Select(a => a.Replace(TeshFile.TempToken, tmp.Path)).ToArray();
        var (exit, stdout, stderr) = DotnetBuilds.Dotnet(args);
        Assert.True(exit == 0, $"exit {exit}:\n{stdout}\n{stderr}");
        var actual = stdout.ReplaceLineEndings("\n").TrimEnd('\n').Split('\n').Select(l => l.Replace(tmp.Path, TeshFile.TempToken)).ToList();
        if (Environment.GetEnvironmentVariable("MIGSIM_UPDATE_EXAMPLES") == "1")
            File.WriteAllText(tesh.Path, tesh.WithOutput(actual));
        Assert.Equal(tesh.Expected, actual);
        foreach (string written in actual.Where(l => l.StartsWith("wrote ", StringComparison.Ordinal)))
        {
            string file = written["wrote ".Length..].Replace(TeshFile.TempToken, tmp.Path);
            Assert.True(File.Exists(file) && new FileInfo(file).Length > 0, $"{name} says '{written}' but {file} is missing or empty");
        }
    }
}
