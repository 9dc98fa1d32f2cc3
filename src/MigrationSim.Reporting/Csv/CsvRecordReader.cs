using System.Text;

namespace MigrationSim.Reporting.Csv;

/// <summary>
/// RFC 4180 records from text (quoted fields, doubled quotes, commas and newlines inside quotes).
/// A last record without its line break is reported as incomplete rather than returned, because
/// in an appended results file that is the row a killed process was writing.
/// </summary>
public static class CsvRecordReader
{
    public static List<string[]> Parse(string text, out bool incompleteTail)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        bool quoted = false, any = false;
        incompleteTail = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                    else quoted = false;
                }
                else field.Append(c);
                continue;
            }
            switch (c)
            {
                case '"': quoted = true; any = true; break;
                case ',': fields.Add(field.ToString()); field.Clear(); any = true; break;
                case '\r': break;
                case '\n':
                    fields.Add(field.ToString());
                    records.Add(fields.ToArray());
                    fields.Clear(); field.Clear(); any = false;
                    break;
                default: field.Append(c); any = true; break;
            }
        }
        if (any || field.Length > 0 || fields.Count > 0) incompleteTail = true;
        return records;
    }
}
