using System.Text;

namespace FaceAspire.Evaluation.Datasets;

/// <summary>
/// A small RFC 4180 CSV reader (header row, comma separated, double-quoted fields with "" escapes): enough
/// for the label files of the evaluation folders, which are plain and small.
/// </summary>
public sealed class CsvTable
{
    private readonly Dictionary<string, int> _columns;

    private CsvTable(IReadOnlyList<string> header, IReadOnlyList<string[]> rows, string source)
    {
        Header = header;
        Rows = rows;
        Source = source;
        _columns = header.Select((h, i) => (h, i)).ToDictionary(p => p.h, p => p.i, StringComparer.Ordinal);
    }

    public IReadOnlyList<string> Header { get; }

    public IReadOnlyList<string[]> Rows { get; }

    /// <summary>Where the table came from, for error messages.</summary>
    public string Source { get; }

    /// <summary>Reads <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">The file is empty or a row has the wrong number of fields.</exception>
    public static CsvTable Load(string path)
    {
        var records = Parse(File.ReadAllText(path)).ToList();
        if (records.Count == 0)
        {
            throw new InvalidDataException($"{path} has no header row.");
        }

        var header = records[0];
        var rows = records.Skip(1).Where(r => !(r.Length == 1 && r[0].Length == 0)).ToList();
        var bad = rows.FindIndex(r => r.Length != header.Length);
        if (bad >= 0)
        {
            throw new InvalidDataException(
                $"{path} row {bad + 2} has {rows[bad].Length} fields; the header has {header.Length}.");
        }

        return new CsvTable(header, rows, path);
    }

    /// <summary>Index of <paramref name="column"/>.</summary>
    /// <exception cref="InvalidDataException">The column does not exist.</exception>
    public int Column(string column) => _columns.TryGetValue(column, out var index)
        ? index
        : throw new InvalidDataException($"{Source} has no column '{column}'.");

    /// <summary>True when the header has <paramref name="column"/>.</summary>
    public bool HasColumn(string column) => _columns.ContainsKey(column);

    internal static IEnumerable<string[]> Parse(string text)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
                {
                    i++;
                }

                fields.Add(field.ToString());
                field.Clear();
                yield return fields.ToArray();
                fields.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        if (field.Length > 0 || fields.Count > 0)
        {
            fields.Add(field.ToString());
            yield return fields.ToArray();
        }
    }
}
