using System.CommandLine;
using Portrayal.Codebook;
using Portrayal.Mentions;
using Portrayal.Pipeline;
using Portrayal.Stance;
using Portrayal.Text;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal stance [--codebook FILE] --in items.jsonl --out predictions.jsonl` (stable).</summary>
public static class StanceCommand
{
    public static Command Create()
    {
        var codebook = new Option<string?>("--codebook") { Description = "The codebook; optional when every item gives its target as a string or span." };
        var input = new Option<string>("--in") { Description = "JSONL, one {\"id\",\"text\",\"lang\"?,\"actor\"?,\"target\"?,\"start\"?,\"end\"?} per line.", Required = true };
        var output = new Option<string>("--out") { Description = "JSONL, one {\"id\",\"actor\"?,\"label\",\"confidence\"} per prediction.", Required = true };
        var model = CommonOptions.StanceModel();
        var command = new Command("stance", "Classify the stance toward each item's target, or toward every actor it mentions.")
        {
            codebook, input, output, model,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var cb = parse.GetValue(codebook) is { } path ? CodebookLoader.Load(path) : null;
            var matcher = cb is null ? null : new AliasMatcher(cb);
            var inPath = parse.GetValue(input)!;
            using var reader = Jsonl.OpenIn(inPath);
            using var writer = Jsonl.OpenOut(parse.GetValue(output)!);
            var n = JsonlTools.Stance(matcher, StanceClassifiers.Resolve(parse.GetValue(model)), new LanguageIdentifier(), reader, writer, inPath);
            Console.Error.WriteLine($"Wrote {n} predictions.");
            return 0;
        }));
        return command;
    }
}

/// <summary>Opening JSONL files or the standard streams, UTF-8.</summary>
internal static class Jsonl
{
    public static TextReader OpenIn(string path)
    {
        if (path == "-") return Console.In;
        if (!File.Exists(path)) throw new Corpus.InputError("JL005", path, null, "input file not found.");
        return new StreamReader(path, System.Text.Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
    }

    public static TextWriter OpenOut(string path) =>
        path == "-" ? new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = true }
                    : new StreamWriter(path, false, new System.Text.UTF8Encoding(false));
}
