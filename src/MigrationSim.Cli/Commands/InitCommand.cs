using System.CommandLine;
using MigrationSim.Cli.Examples;
using MigrationSim.Reporting.Text;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim init [DIR]`: writes the example scenarios and sweeps carried inside the tool into
/// DIR/scenarios/ (as in the repository), so every help example works from an empty folder.
/// Existing files are left as they are unless --force.
/// </summary>
public sealed class InitCommand
{
    private static readonly Argument<string> Dir = new("dir") { Description = "Folder to write scenarios/ into", Arity = ArgumentArity.ZeroOrOne, DefaultValueFactory = _ => "." };
    private static readonly Option<bool> Force = new("--force") { Description = "Overwrite files that already exist" };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("init", "Write the example scenarios and sweeps (scenarios/*.yaml, scenarios/sweeps/*.yaml) into a folder, to run and edit.") { Dir, Force };
        CommandHelp.Examples(cmd,
            "migsim init && migsim run scenarios/quickstart.yaml",
            "migsim init my-study && cd my-study && migsim sweep scenarios/sweeps/policy-comparison.yaml",
            "migsim init . --force   (restore the examples as shipped)");
        cmd.SetAction(parse => Execute(parse, console));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console)
    {
        string dir = parse.GetValue(Dir)!;
        bool force = parse.GetValue(Force);
        var examples = EmbeddedExamples.Examples();
        int written = 0, kept = 0;
        try
        {
            foreach (var (path, text) in examples)
            {
                string target = dir == "." ? path : Path.Combine(dir, path);
                if (File.Exists(target) && !force) { kept++; continue; }
                Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
                File.WriteAllText(target, text);
                console.Out.WriteLine($"  wrote {target}");
                written++;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write into {dir}: {e.Message}");
            return ExitCodes.Failure;
        }
        string scenarios = dir == "." ? "scenarios" : Path.Combine(dir, "scenarios");
        console.Out.WriteLine($"{Plural.Of(written, "file")} written into {scenarios}" +
                              (kept > 0 ? $"; {Plural.Of(kept, "file")} already there left as they were (--force overwrites)" : "") +
                              $". Next: migsim run {Path.Combine(scenarios, "quickstart.yaml")}");
        return ExitCodes.Success;
    }
}
