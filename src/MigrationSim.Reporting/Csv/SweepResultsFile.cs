using System.Globalization;
using CsvHelper;
using MigrationSim.Model.Results;

namespace MigrationSim.Reporting.Csv;

/// <summary>
/// results.csv of a sweep: a '#' header comment (<see cref="SweepResultsHeader"/>), then one tidy
/// row per run: every swept parameter under its dotted key (plus "KEY [unit]" numeric companions),
/// every summary figure of <see cref="ResultTables.Summary"/>, then seed, point and replication.
/// Rows are appended as runs finish; a run is identified by (point, replication).
/// </summary>
public static class SweepResultsFile
{
    public const string FileName = "results.csv";
    public const string SeedColumn = "seed";
    public const string PointColumn = "point";
    public const string ReplicationColumn = "replication";

    private static readonly CsvWriterOptions Options = new() { NewLine = "\n", FormatProvider = CultureInfo.InvariantCulture };

    private static readonly IReadOnlyList<CsvColumn<MigrationSummary>> Figures =
        ResultTables.Summary.Columns.Where(c => c.Header != SeedColumn).ToList();

    /// <summary>The summary figures' headers, in file order; the swept parameters come before the first.</summary>
    public static IReadOnlyList<string> FigureHeaders { get; } = Figures.Select(c => c.Header).ToList();

    public static IReadOnlyList<string> Columns(IReadOnlyList<string> parameterHeaders) =>
        [.. parameterHeaders, .. Figures.Select(c => c.Header), SeedColumn, PointColumn, ReplicationColumn];

    public static SweepResultRow Row(IReadOnlyList<string> parameterValues, MigrationSummary summary, int point, int replication)
    {
        var cells = new List<string>(parameterValues.Count + Figures.Count + 3);
        cells.AddRange(parameterValues);
        foreach (var c in Figures) cells.Add(c.Format(summary) ?? "");
        cells.Add(CsvCell.Num(summary.Seed));
        cells.Add(CsvCell.Num(point));
        cells.Add(CsvCell.Num(replication));
        return new SweepResultRow(point, replication, cells);
    }

    /// <summary>One CSV line (with its line break), quoted as CsvHelper quotes.</summary>
    public static string Line(IEnumerable<string> cells)
    {
        var sw = new StringWriter();
        using (var csv = Open(sw))
        {
            WriteRecord(csv, cells);
            csv.Flush();
        }
        return sw.ToString();
    }

    /// <summary>
    /// A CsvHelper writer on <paramref name="writer"/> in this file's format, for many lines: a writer made per
    /// line (as <see cref="Line"/> does) sets itself up again for every row a sweep appends and every row of its final rewrite.
    /// </summary>
    internal static CsvWriter Open(TextWriter writer) => CsvWriter.Create(writer, Options, true);

    /// <summary>Writes <paramref name="cells"/> as one line (it reaches <see cref="CsvWriter"/>'s writer at its next flush).</summary>
    internal static void WriteRecord(CsvWriter csv, IEnumerable<string> cells)
    {
        foreach (var c in cells) csv.WriteField(c);
        csv.EndRecord();
    }

    public static SweepResults Read(string path)
    {
        string text = File.ReadAllText(path);
        int eol = text.IndexOf('\n');
        string first = (eol < 0 ? text : text[..eol]).TrimEnd('\r');
        var header = SweepResultsHeader.TryParse(first)
            ?? throw new InvalidDataException($"{path}:1: not a migsim sweep results file (its first line should be '{SweepResultsHeader.Prefix}name=... fingerprint=...')");
        var records = CsvRecordReader.Parse(eol < 0 ? "" : text[(eol + 1)..], out bool incomplete);
        if (records.Count == 0) throw new InvalidDataException($"{path}:2: the column header line is missing");
        var columns = records[0];
        int pi = Array.IndexOf(columns, PointColumn), ri = Array.IndexOf(columns, ReplicationColumn);
        if (pi < 0 || ri < 0) throw new InvalidDataException($"{path}:2: the columns '{PointColumn}' and '{ReplicationColumn}' are missing");
        var rows = new List<SweepResultRow>(records.Count - 1);
        for (int i = 1; i < records.Count; i++)
        {
            var r = records[i];
            if (r.Length != columns.Length
                || !int.TryParse(r[pi], NumberStyles.Integer, CultureInfo.InvariantCulture, out int p)
                || !int.TryParse(r[ri], NumberStyles.Integer, CultureInfo.InvariantCulture, out int k))
                throw new InvalidDataException($"{path}: record {i + 1} has {r.Length} cells for {columns.Length} columns, or no point/replication");
            rows.Add(new SweepResultRow(p, k, r));
        }
        return new SweepResults(header, columns, rows) { HadIncompleteTail = incomplete };
    }

    /// <summary>
    /// Writes a whole results file, rows sorted by (point, replication), into a temporary file
    /// beside <paramref name="path"/> and moves it into place, so the old file survives until
    /// the new one is complete.
    /// </summary>
    public static void WriteAll(string path, SweepResultsHeader header, IReadOnlyList<string> columns, IEnumerable<SweepResultRow> rows)
    {
        string full = Path.GetFullPath(path);
        string tmp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (var w = new StreamWriter(tmp))
            {
                w.Write(header.Format());
                w.Write('\n');
                using var csv = Open(w);
                WriteRecord(csv, columns);
                foreach (var r in rows.OrderBy(r => r.Point).ThenBy(r => r.Replication))
                    WriteRecord(csv, r.Cells);
                csv.Flush();
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
