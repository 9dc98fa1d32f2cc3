using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.Runtime.CompilerServices;

namespace MigrationSim.Cli;

/// <summary>
/// Examples under a command's own --help (not in the root's command list): commands register
/// them with <see cref="Examples"/>, and <see cref="Install"/> wraps the root's help action to
/// print them after System.CommandLine's help. The examples work from an empty folder after
/// `migsim init`, which writes scenarios/ and sweeps/ there.
/// </summary>
public static class CommandHelp
{
    private static readonly ConditionalWeakTable<Command, string[]> Registered = new();

    public static Command Examples(Command command, params string[] examples)
    {
        Registered.AddOrUpdate(command, examples);
        return command;
    }

    public static IReadOnlyList<string> For(Command command) => Registered.TryGetValue(command, out var e) ? e : [];

    public static void Install(RootCommand root)
    {
        var help = root.Options.OfType<HelpOption>().Single();
        if (help.Action is HelpAction inner) help.Action = new WithExamples(inner);
    }

    private sealed class WithExamples(HelpAction inner) : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            int exit = inner.Invoke(parseResult);
            var examples = For(parseResult.CommandResult.Command);
            if (examples.Count > 0)
            {
                var output = parseResult.InvocationConfiguration.Output;
                output.WriteLine("Examples:");
                foreach (var e in examples) output.WriteLine($"  {e}");
                output.WriteLine();
            }
            return exit;
        }
    }
}
