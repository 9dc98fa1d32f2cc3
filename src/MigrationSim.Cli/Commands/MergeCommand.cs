using System.CommandLine;
using MigrationSim.Cli.Sweeps;
using MigrationSim.Reporting.Csv;

namespace MigrationSim.Cli.Commands;

/// <summary>
/// `migsim merge OUT.csv SHARD.csv...`: joins the results of `sweep --shard K/N` runs into one
/// results file, sorted by point and replication. Every input must carry the same sweep
/// fingerprint; a run present in two inputs, or an existing OUT.csv, is refused. An incomplete
/// set (a shard not given or not finished) is refused too, naming the missing runs, unless
/// --allow-partial: a pipeline such as Slurm's afterok must not pass a partial result as whole.
/// </summary>
public sealed class MergeCommand
{
    private static readonly Argument<string> Output = new("out") { Description = "Merged results file to create (must not exist)" };

    private static readonly Argument<string[]> Inputs = new("shards")
    {
        Description = "results.csv files of the shards",
        Arity = ArgumentArity.OneOrMore,
    };

    private static readonly Option<bool> AllowPartial = new("--allow-partial")
    {
        Description = "Write the merged file even when runs of the sweep are missing (they are listed); without it an incomplete set exits 2 and writes nothing",
    };

    public static Command Create(CliConsole console)
    {
        var cmd = new Command("merge", "Join the results.csv files of a sharded sweep (same sweep fingerprint) into one, sorted by point and replication; every run of the sweep must be there unless --allow-partial.")
        {
            Output, Inputs, AllowPartial,
        };
        CommandHelp.Examples(cmd,
            "migsim merge all.csv part1/results.csv part2/results.csv",
            "migsim merge results/sweeps/big/results.csv shards/*/results.csv");
        cmd.SetAction((parse, ct) => Task.FromResult(Execute(parse, console)));
        return cmd;
    }

    private static int Execute(ParseResult parse, CliConsole console)
    {
        string output = parse.GetValue(Output)!;
        string[] inputs = parse.GetValue(Inputs)!;
        if (File.Exists(output))
        {
            console.Error.WriteLine($"error: {output} already exists; merge writes a new file (the existing one is left as it is)");
            return ExitCodes.BadInput;
        }
        var parts = new List<(string File, SweepResults Results)>();
        foreach (string f in inputs)
        {
            try { parts.Add((f, SweepResultsFile.Read(f))); }
            catch (Exception e) when (e is InvalidDataException or IOException or UnauthorizedAccessException)
            {
                console.Error.WriteLine($"error: {(e is InvalidDataException ? e.Message : $"{f}: {e.Message}")}");
                return ExitCodes.BadInput;
            }
        }
        var first = parts[0];
        var seen = new Dictionary<(int, int), string>();
        var rows = new List<SweepResultRow>();
        foreach (var (file, r) in parts)
        {
            if (r.Header.Fingerprint != first.Results.Header.Fingerprint)
            {
                console.Error.WriteLine($"error: {file}:1: results of a different sweep (fingerprint {r.Header.Fingerprint}) than {first.File} (fingerprint {first.Results.Header.Fingerprint}); only shards of one sweep can be merged");
                return ExitCodes.BadInput;
            }
            if (!r.Columns.SequenceEqual(first.Results.Columns))
            {
                console.Error.WriteLine($"error: {file}:2: columns differ from {first.File}'s");
                return ExitCodes.BadInput;
            }
            foreach (var row in r.Rows)
            {
                if (seen.TryGetValue((row.Point, row.Replication), out string? other))
                {
                    console.Error.WriteLine($"error: {file}: run point {row.Point} replication {row.Replication} is also in {other}; each run must come from one shard");
                    return ExitCodes.BadInput;
                }
                seen[(row.Point, row.Replication)] = file;
                rows.Add(row);
            }
        }
        var missing = MissingRuns.Find(parts);
        bool allowPartial = parse.GetValue(AllowPartial);
        if (missing.Count > 0 && !allowPartial)
        {
            console.Error.WriteLine($"error: {missing.Count} of {missing.Total} runs of sweep '{first.Results.Header.Name}' are missing from the {inputs.Length} input{(inputs.Length > 1 ? "s" : "")}, " +
                                    $"so nothing was written (add --allow-partial to merge them anyway):");
            foreach (string line in missing.Lines) console.Error.WriteLine("  " + line);
            return ExitCodes.BadInput;
        }
        var header = first.Results.Header with { Shard = "1/1" };
        try
        {
            string? dir = Path.GetDirectoryName(Path.GetFullPath(output));
            if (dir is not null) Directory.CreateDirectory(dir);
            SweepResultsFile.WriteAll(output, header, first.Results.Columns, rows);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"error: cannot write {output}: {e.Message}");
            return ExitCodes.Failure;
        }
        console.Out.WriteLine($"merged {inputs.Length} files, {rows.Count} of {header.Runs} runs, into {output}" +
                              (missing.Count > 0 ? $"; {missing.Count} runs are missing (--allow-partial):" : ""));
        foreach (string line in missing.Lines) console.Out.WriteLine("  " + line);
        console.Out.WriteLine($"  figures: migsim plot {output} --defaults");
        return ExitCodes.Success;
    }
}
