using System.Text;

namespace Portrayal.Corpus;

/// <summary>
/// CSV cells as spreadsheets should read them: RFC 4180 quoting, and cells that a spreadsheet would run as a formula
/// (starting with = + - @, tab or carriage return) prefixed with an apostrophe, so hostile post text stays text.
/// Files are written as UTF-8 with a byte order mark so Excel shows Cyrillic and Kazakh letters.
/// </summary>
public static class CsvText
{
    public static readonly Encoding Utf8WithBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static string Cell(string? value)
    {
        if (string.IsNullOrEmpty(value)) return "";
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' && !IsNumber(value)) value = "'" + value;
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    /// <summary>A negative number such as -3.5 is data, not a formula; it stays as it is.</summary>
    private static bool IsNumber(string value) =>
        double.TryParse(value, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out _);

    public static string Row(IEnumerable<string?> cells) => string.Join(',', cells.Select(Cell));
}
