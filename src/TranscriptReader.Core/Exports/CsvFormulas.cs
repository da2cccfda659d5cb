using CsvHelper;
using TranscriptReader.Core.Exports;

// Every string column of every CSV record type in this assembly is written through the converter.
[assembly: CsvConverter(typeof(CsvFormulas))]

namespace TranscriptReader.Core.Exports;

/// <summary>
/// Formula-injection escaping for CSV text cells, as OWASP advises: a cell whose first character is one of
/// <c>= + - @</c>, tab, CR or LF, or whose first character after leading white space and quotes is one of
/// <c>= + - @</c>, gets a leading apostrophe. Spreadsheets skip spaces and quotes when they decide a cell is a
/// formula (<c> =1+1</c>, <c>"=x"</c>); CsvHelper's own escaping looks at the first character only.
/// </summary>
/// <remarks>
/// CsvHelper's source generator calls this for every <see cref="string"/> member of the record types here (an
/// assembly-level converter); null values are written empty without it. Numbers are not strings and stay numbers.
/// </remarks>
public sealed class CsvFormulas : ICsvConverter<string>
{
    private const string Triggers = "=+-@";

    public string Read(CsvReader reader, int index) =>
        throw new NotSupportedException("Exports are only written.");

    public void Write(CsvWriter writer, string value) => writer.WriteField(Escape(value));

    /// <summary><paramref name="value"/>, with a leading apostrophe when a spreadsheet could read it as a formula.</summary>
    public static string Escape(string value) => NeedsEscape(value) ? "'" + value : value;

    private static bool NeedsEscape(string value)
    {
        if (value.Length == 0)
        {
            return false;
        }
        if (value[0] is '\t' or '\r' or '\n' || Triggers.Contains(value[0], StringComparison.Ordinal))
        {
            return true;
        }
        foreach (var c in value)
        {
            if (!char.IsWhiteSpace(c) && c is not ('"' or '\''))
            {
                return Triggers.Contains(c, StringComparison.Ordinal);
            }
        }
        return false;
    }
}
