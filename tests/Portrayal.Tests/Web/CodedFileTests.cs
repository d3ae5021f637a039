using Portrayal.Coding;
using Portrayal.Pipeline;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Web;

/// <summary>coded.csv with the server's optional columns: kept by a later sheet import, ignored by the six-column readers.</summary>
public class CodedFileTests
{
    [Fact]
    public void A_sheet_import_updates_the_stance_and_keeps_the_narratives_the_server_recorded()
    {
        using var tmp = new TempDir();
        var coded = tmp.File("coded.csv");
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        CodedFile.Save(coded, new ServedCode("telegram", "100", "1", "csto", "ann", "negative", ["csto-help", "west"], "sarcasm, \"quoted\"", at));
        CodedFile.Save(coded, new ServedCode("telegram", "100", "2", "csto", "ann", "neutral", [], "", at));

        CodingSheet.Write(tmp.File("sheet.csv"), [
            new SheetRow("telegram/100/1/csto", "ann", "telegram", "100", "1", "csto", "", "", "text", "positive", ""),
            new SheetRow("telegram/100/3/csto", "bob", "telegram", "100", "3", "csto", "", "", "text", "neutral", "unsure"),
        ]);
        Assert.Equal((1, 1, 0), CodingSheet.Import(tmp.File("sheet.csv"), coded));

        var (header, rows) = CodedFile.Read(coded);
        Assert.Equal(CodedFile.Columns, header);
        Assert.Equal(3, rows.Count);
        Assert.Equal(("positive", "csto-help;west", "sarcasm, \"quoted\"", "2026-01-02T03:04:05Z"),
            (rows[0]["stance"], rows[0]["narratives"], rows[0]["note"], rows[0]["coded_at"]));
        Assert.Equal(("neutral", "unsure"), (rows[2]["stance"], rows[2]["note"]));
        Assert.Equal(["positive", "neutral", "neutral"], CodedSample.Load(coded)!.Codes.Select(c => c.Stance));
    }
}
