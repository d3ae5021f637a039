using System.Text;
using Portrayal.Import;
using Xunit;

namespace Portrayal.Tests.Import;

/// <summary>The encoding detection and value parsing shared by the tabular importers.</summary>
public class TabularImportTests
{
    private const string R1 = "Совет коллективной безопасности ОДКБ принял решение направить в Казахстан миротворческие силы на ограниченный срок.";
    private const string R2 = "Российские десантники прибыли в Алматы.\nМиротворцы ОДКБ будут охранять аэропорт и стратегические объекты, сообщает \"Интерфакс\".";
    private const string K1 = "Алматыда төтенше жағдай режимі енгізілді, қалада коменданттық сағат күшінде.";

    // ---- values and encodings ----

    [Theory]
    [InlineData("2022-01-05T21:45:12Z", "2022-01-05T21:45:12+00:00")]
    [InlineData("2022-01-06T03:45:12+06:00", "2022-01-05T21:45:12+00:00")]
    [InlineData("2022-01-06T03:45:12.250+0600", "2022-01-05T21:45:12.25+00:00")]
    [InlineData("2022-01-06 03:45:12", "2022-01-05T21:45:12+00:00")] // naive: at the +06:00 given
    [InlineData("06.01.2022 03:45", "2022-01-05T21:45:00+00:00")]
    [InlineData("6.1.2022 03:45:12", "2022-01-05T21:45:12+00:00")]
    [InlineData("1641419112", "2022-01-05T21:45:12+00:00")]
    [InlineData("1641419112.0", "2022-01-05T21:45:12+00:00")]
    [InlineData("1641419112250", "2022-01-05T21:45:12.25+00:00")]
    public void Times_in_the_spellings_exports_use(string text, string utc)
    {
        Assert.True(TableValues.TryParseTime(text, TimeSpan.FromHours(6), out var time));
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), time);
    }

    [Theory]
    [InlineData("32.01.2022 10:00")]
    [InlineData("2022-13-01 10:00:00")]
    [InlineData("2022")]
    [InlineData("yesterday")]
    [InlineData("05/01/2022 10:00")]
    public void Not_times(string text) => Assert.False(TableValues.TryParseTime(text, TimeSpan.Zero, out _));

    public static TheoryData<string, int> CyrillicSamples()
    {
        string[] texts =
        [
            "Токаев", "ОДКБ", "Кремль молчит", "ОДКБ ВВОДИТ ВОЙСКА В КАЗАХСТАН",
            "id,author,text\n1,@tengrinews,Токаев\n2,@kursiv,ОДКБ\n",
            "Breaking: CSTO troops land in Almaty, says Токаев",
            "Қаңтар оқиғалары: ҰҚШҰ әскерлері елден кетті",
            "Президент Тоқаев ҰҚШҰ бітімгерлерін шақырды",
        ];
        var data = new TheoryData<string, int>();
        foreach (var codePage in new[] { 1251, 20866, 866 })
            foreach (var text in texts)
                data.Add(text, codePage);
        return data;
    }

    /// <summary>The 24 short samples UTF.Unknown 2.8.0 got 15 of and Ude.NetStandard 1.2.0 17 of (Kazakh letters the code page lacks become '?').</summary>
    [Theory]
    [MemberData(nameof(CyrillicSamples))]
    public void Short_single_byte_cyrillic_is_detected(string text, int codePage)
    {
        TextDecoding.EnsureCodePages();
        var detected = TextDecoding.Detect(Encoding.GetEncoding(codePage).GetBytes(text));
        Assert.Equal(codePage, detected.Encoding.CodePage);
    }

    [Fact]
    public void Utf8_utf16_and_latin_are_told_apart()
    {
        TextDecoding.EnsureCodePages();
        Assert.Equal(65001, TextDecoding.Detect(Encoding.UTF8.GetBytes("id,text\n1," + K1)).Encoding.CodePage);
        Assert.Equal(65001, TextDecoding.Detect("id,text\n1,plain ASCII"u8).Encoding.CodePage);
        Assert.Equal(1200, TextDecoding.Detect(Encoding.Unicode.GetBytes("Токаев заявил о завершении миссии ОДКБ")).Encoding.CodePage);
        Assert.Equal(1201, TextDecoding.Detect(Encoding.BigEndianUnicode.GetBytes("id;текст\n1;ОДКБ")).Encoding.CodePage);
        Assert.Equal(1252, TextDecoding.Detect(Encoding.GetEncoding(1252).GetBytes("Le café crème, die Größe, el niño")).Encoding.CodePage);
        // A UTF-8 head cut inside a two-byte letter is still UTF-8.
        var cut = Encoding.UTF8.GetBytes("ОДКБ")[..7];
        Assert.Equal(65001, TextDecoding.Detect(cut).Encoding.CodePage);
    }
}
