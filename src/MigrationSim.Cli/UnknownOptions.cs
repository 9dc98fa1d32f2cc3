using System.CommandLine;

namespace MigrationSim.Cli;

/// <summary>
/// A command whose arguments take any number of paths (validate's traces, capture's scenarios,
/// merge's shards...) would otherwise take a mistyped option such as `--froce` as one more path
/// and carry on. Every argument of the tree refuses a value that looks like an option and is no
/// existing file or folder; a file whose name starts with '-' can still be named as ./-name.
/// </summary>
public static class UnknownOptions
{
    public static void Refuse(Command root)
    {
        foreach (var argument in root.Arguments)
            argument.Validators.Add(r =>
            {
                foreach (var token in r.Tokens)
                    if (token.Value.Length > 1 && token.Value[0] == '-' && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                        r.AddError($"unknown option '{token.Value}' for 'migsim {root.Name}' (see 'migsim {root.Name} --help'; a file named so can be given as ./{token.Value})");
            });
        foreach (var sub in root.Subcommands) Refuse(sub);
    }
}
