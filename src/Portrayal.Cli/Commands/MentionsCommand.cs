using System.CommandLine;
using Portrayal.Codebook;
using Portrayal.Mentions;
using Portrayal.Pipeline;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal mentions --codebook FILE --in posts.jsonl --out mentions.jsonl` (stable).</summary>
public static class MentionsCommand
{
    public static Command Create()
    {
        var codebook = new Option<string>("--codebook") { Description = "The codebook with the actors, or 'catalog' for the built-in catalog.", Required = true };
        var input = new Option<string>("--in") { Description = "JSONL, one {\"id\",\"text\",\"lang\"?} per line ('-' for standard input).", Required = true };
        var output = new Option<string>("--out") { Description = "JSONL, one {\"id\",\"actor\",\"start\",\"end\",\"alias\"} per mention ('-' for standard output).", Required = true };
        var proxies = new Option<bool?>("--proxies") { Description = "Count leaders and officials as their actors (default: as the codebook says)." };
        var command = new Command("mentions", "Find actor mentions in JSONL texts; offsets are UTF-16 indexes into the text.")
        {
            codebook, input, output, proxies,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var path = parse.GetValue(codebook)!;
            var book = path == "catalog" && !File.Exists(path) ? ActorCatalog.Default.AsCodebook() : CodebookLoader.Load(path);
            var matcher = new AliasMatcher(book, parse.GetValue(proxies));
            var inPath = parse.GetValue(input)!;
            using var reader = Jsonl.OpenIn(inPath);
            using var writer = Jsonl.OpenOut(parse.GetValue(output)!);
            var n = JsonlTools.Mentions(matcher, reader, writer, inPath);
            Console.Error.WriteLine($"Found {n} mentions.");
            return 0;
        }));
        return command;
    }
}
