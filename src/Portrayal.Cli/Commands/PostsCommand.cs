using System.CommandLine;
using System.Globalization;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Storage;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal posts [--workspace DIR] [--platform P] [--account A] [--from D --to D] [--lang L] [--count | --format table|jsonl|csv]`.</summary>
public static class PostsCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var platform = new Option<string?>("--platform") { Description = "Only this platform (telegram, youtube, instagram, twitter...)." };
        var account = new Option<string?>("--account") { Description = "Only this account: its id or its name." };
        var from = new Option<string?>("--from") { Description = "First day, YYYY-MM-DD (in the codebook's time zone; UTC without a codebook)." };
        var to = new Option<string?>("--to") { Description = "Last day, YYYY-MM-DD, included." };
        var lang = new Option<string?>("--lang") { Description = "Only this language (ru, kk, en)." };
        var count = new Option<bool>("--count") { Description = "Print the number of matching posts alone." };
        var format = new Option<string>("--format") { Description = "table, jsonl or csv (UTF-8 with BOM).", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "jsonl", "csv");
        var limit = new Option<int?>("--limit") { Description = "At most this many rows in the table (default 50; jsonl and csv list all)." };
        var command = new Command("posts", "List imported posts, or count them.") { workspace, store, platform, account, from, to, lang, count, format, limit };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var study = Study.Open(ws, StudyNeeds.Store);
            var codebook = study.Codebook;
            var posts = new PostListing(study.Store, codebook).Query(parse.GetValue(platform), parse.GetValue(account),
                Day(parse.GetValue(from), "--from"), Day(parse.GetValue(to), "--to"), parse.GetValue(lang));
            if (parse.GetValue(count))
            {
                Console.Out.WriteLine(posts.Count().ToString(CultureInfo.InvariantCulture));
                return 0;
            }
            switch (parse.GetValue(format))
            {
                case "jsonl":
                    PostListing.WriteJsonl(posts, Console.Out);
                    break;
                case "csv":
                    Console.Out.Write('\uFEFF'); // UTF-8 byte order mark: Excel then reads Cyrillic and Kazakh letters right
                    PostListing.WriteCsv(posts, Console.Out);
                    break;
                default:
                    Table(posts, parse.GetValue(limit) ?? 50, codebook);
                    break;
            }
            return 0;
        }));
        return command;
    }

    private static DateOnly? Day(string? value, string option)
    {
        if (value is null) return null;
        return DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new InputError("ARG001", option, null, $"'{value}' is not a day in the form YYYY-MM-DD.");
    }

    /// <summary>Times in the study's time zone when there is a codebook, as the analyst reads the days.</summary>
    private static void Table(IEnumerable<ListedPost> posts, int limit, Codebook.Codebook? codebook)
    {
        var hasPeriod = codebook is not null;
        var table = new Table().Border(TableBorder.Simple);
        table.AddColumns("platform", "account", "id", "published", "lang");
        if (hasPeriod) table.AddColumn("in period");
        table.AddColumn("text");
        int shown = 0, total = 0;
        foreach (var post in posts)
        {
            total++;
            if (shown >= limit) continue;
            shown++;
            var p = post.Stored.Post;
            var text = p.Text.ReplaceLineEndings(" ");
            if (text.Length > 80) text = text[..79] + "…";
            var cells = new List<string>
            {
                p.Platform, p.AccountName ?? p.Account, p.NativeId, PostListing.Time(codebook is null ? p.PublishedAt : p.PublishedAt.ToOffset(codebook.DayOffset)), post.Lang ?? "",
            };
            if (hasPeriod) cells.Add(post.InPeriod == true ? "yes" : "[yellow]no[/]");
            cells.Add(text);
            table.AddRow(cells.Select((c, i) => hasPeriod && i == 5 ? c : Markup.Escape(c)).ToArray());
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(total > shown ? $"{shown} of {total} posts shown (--limit, or --format jsonl|csv for all)." : $"{total} posts.");
    }
}
