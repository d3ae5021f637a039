using Portrayal.Pipeline;
using Portrayal.Web;
using Portrayal.Tests.Support;

namespace Portrayal.Tests.Web;

/// <summary>A small analysed workspace (the Telegram fixture and a channel with a hostile post and a reply to it) and a server on a free port.</summary>
internal static class ServeWorkspace
{
    public const string Hostile = "<img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script> ОДКБ не помогла";

    public static TempDir Create()
    {
        var tmp = new TempDir();
        File.WriteAllText(tmp.File("codebook.yaml"), """
            title: Test
            timezone: "+06:00"
            actors:
              - id: csto
                name: CSTO
                names: {ru: [ОДКБ], kk: [ҰҚШҰ], en: [CSTO]}
              - id: russia
                name: Russia
                names: {ru: [Россия], kk: [Ресей], en: [Russia]}
            narratives:
              - id: csto-help
                label: The CSTO helps
                query: 'actor:csto NEAR/3 (помощь OR көмек)'
            """);
        Paths.CopyFixtures(tmp.File("data"), "telegram");
        var telegram = tmp.File(Path.Combine("data", "telegram"));
        var hostile = System.Text.Json.JsonSerializer.Serialize(Hostile);
        File.WriteAllText(Path.Combine(telegram, "hostile.json"), $$"""
            {"name": "Hostile", "type": "public_channel", "id": 1600000099, "messages": [
              {"id": 1, "type": "message", "date": "2022-01-06T10:00:00", "date_unixtime": "1641463200", "from": "Hostile", "from_id": "channel1600000099", "text": {{hostile}}, "text_entities": []},
              {"id": 2, "type": "message", "date": "2022-01-06T11:00:00", "date_unixtime": "1641466800", "from": "Hostile", "from_id": "channel1600000099", "reply_to_message_id": 1, "text": "Россия отправила войска", "text_entities": []}
            ]}
            """);
        var (exit, _, err) = CliRunner.Run("run", tmp.Path, "--out", tmp.File("out"));
        if (exit != 0) throw new InvalidOperationException("run failed: " + err);
        return tmp;
    }

    /// <summary>A started server on a free port of the host over the opened study; the caller disposes both through the first element.</summary>
    public static async Task<(IAsyncDisposable App, string Url, string? Token)> Start(string workspace, string host = "127.0.0.1")
    {
        var study = Study.Open(Workspace.Open(workspace), StudyNeeds.Analysis);
        var (app, token) = CodingServer.Build(study, new ServeOptions(Path.Combine(workspace, "coding-sheet.csv"), host, 0));
        await app.StartAsync();
        var url = app.Urls.First().Replace("0.0.0.0", "127.0.0.1").Replace("[::]", "127.0.0.1");
        return (new Served(app, study), url, token);
    }

    private sealed class Served(Microsoft.AspNetCore.Builder.WebApplication app, Study study) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await app.DisposeAsync();
            study.Dispose();
        }
    }
}
