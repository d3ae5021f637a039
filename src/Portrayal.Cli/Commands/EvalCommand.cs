using System.CommandLine;
using System.Globalization;
using Portrayal.Codebook;
using Portrayal.Evaluation;
using Portrayal.Mentions;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal eval mentions GOLD.jsonl... [--codebook FILE] [--errors N]`: precision and recall per language.</summary>
public static class EvalCommand
{
    public static Command Create()
    {
        var eval = new Command("eval", "Measure a stage against hand-marked gold data.");
        var gold = new Argument<string[]>("gold") { Description = "Gold JSONL files: {\"id\",\"lang\",\"text\",\"mentions\":[{\"actor\",\"start\",\"end\",\"surface\"}]} per line.", Arity = ArgumentArity.OneOrMore };
        var codebook = new Option<string?>("--codebook") { Description = "Codebook whose actors to match (default: the built-in catalog)." };
        var proxies = new Option<bool?>("--proxies") { Description = "Count leaders and officials as their actors." };
        var errors = new Option<int>("--errors") { Description = "List this many wrong and missed mentions.", DefaultValueFactory = _ => 0 };
        var mentions = new Command("mentions", "Precision and recall of actor mentions per language.") { gold, codebook, proxies, errors };
        mentions.SetAction(parse => Program.Guard(() =>
        {
            var book = parse.GetValue(codebook) is { } path ? CodebookLoader.Load(path) : ActorCatalog.Default.AsCodebook();
            var matcher = new AliasMatcher(book, parse.GetValue(proxies));
            var sentences = parse.GetValue(gold)!.SelectMany(MentionEvaluation.ReadGold).ToList();
            var result = MentionEvaluation.Evaluate(matcher, sentences);

            var table = new Table().Border(TableBorder.Simple).AddColumns("language", "sentences", "gold", "found", "right", "precision", "recall", "F1");
            foreach (var c in table.Columns.Skip(1)) c.RightAligned();
            foreach (var s in result.ByLanguage.Append(result.Overall))
                table.AddRow(s.Slice, N(s.Sentences), N(s.Gold), N(s.Predicted), N(s.TruePositives), P(s.Precision), P(s.Recall), P(s.F1));
            AnsiConsole.MarkupLine($"{Markup.Escape(matcher.Name)} with {Markup.Escape(book.Path)} ({book.Actors.Count} actors); scored on the {result.Actors.Count} actors the gold marks");
            AnsiConsole.Write(table);
            foreach (var e in result.Errors.Take(parse.GetValue(errors)))
            {
                var t = e.Sentence.Text;
                AnsiConsole.MarkupLine($"[yellow]{e.Kind}[/] {Markup.Escape(e.Actor)} [grey]{Markup.Escape(e.Sentence.Id)}[/] " +
                                       $"{Markup.Escape(t[..e.Start])}[bold]{Markup.Escape(t[e.Start..e.End])}[/]{Markup.Escape(t[e.End..])}");
            }
            return 0;
        }));
        eval.Subcommands.Add(mentions);
        eval.Subcommands.Add(StanceEval());
        return eval;
    }

    /// <summary>`portrayal eval stance FILE... [--format rusentne|newsmtsc|jsonl] [--model M] [--errors N]`.</summary>
    private static Command StanceEval()
    {
        var files = new Argument<string[]>("files") { Description = "Labelled files as published: RuSentNE-2023 .csv, NewsMTSC .jsonl, or the project's JSONL.", Arity = ArgumentArity.ZeroOrMore };
        var workspace = new Option<string?>("--workspace") { Description = "Also score the classifier on a workspace's agreed codes (coded.csv), per language, as `run` classifies them." };
        var format = new Option<string?>("--format") { Description = "rusentne, newsmtsc or jsonl (default: read from each file's first line)." };
        var model = CommonOptions.StanceModel();
        var errors = new Option<int>("--errors") { Description = "List this many misclassified targets.", DefaultValueFactory = _ => 0 };
        var command = new Command("stance", "Accuracy, macro-F1, F1-PN, per-class figures and the confusion matrix of a stance classifier.") { files, format, model, errors, workspace };
        command.SetAction(parse => Program.Guard(() =>
        {
            var classifier = Stance.StanceClassifiers.Resolve(parse.GetValue(model));
            var console = Program.Stdout();
            if (parse.GetValue(files)!.Length == 0 && parse.GetValue(workspace) is null)
                throw new Corpus.InputError("EV001", "eval stance", null, "give labelled files, --workspace, or both.");
            foreach (var path in parse.GetValue(files)!)
            {
                var source = Stance.Training.StanceSource.Read(path, parse.GetValue(format));
                var (scores, predictions) = Stance.Training.StanceEvaluation.Evaluate(classifier, source.Examples);
                console.MarkupLine($"[bold]{Markup.Escape(path)}[/] ({Markup.Escape(source.Format)}, {scores.Count} targets) with {Markup.Escape(classifier.Name)}");
                Print(console, scores);
                foreach (var p in predictions.Where(p => p.Predicted != p.Example.Label).Take(parse.GetValue(errors)))
                {
                    var e = p.Example;
                    console.MarkupLine($"[yellow]{p.Example.Label} → {p.Predicted}[/] [grey]{Markup.Escape(e.Id)}[/] " +
                        $"{Markup.Escape(e.Text[..e.Start])}[bold]{Markup.Escape(e.Target)}[/]{Markup.Escape(e.Text[e.End..])} [grey]{Markup.Escape(string.Join("; ", p.Evidence))}[/]");
                }
            }
            if (parse.GetValue(workspace) is { } dir)
            {
                using var study = Pipeline.Study.Open(Pipeline.Workspace.Open(dir), Pipeline.StudyNeeds.Codebook | Pipeline.StudyNeeds.Store);
                var units = Coding.CodedUnit.Load(study.Store, study.Codebook!, study.CodedPath);
                foreach (var slice in units.GroupBy(u => u.Lang).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => (Name: "lang " + g.Key, Units: g.ToList()))
                             .Append((Name: "all", Units: units)))
                {
                    var results = slice.Units.Select(u => (Unit: u, Result: Coding.CodedUnit.Classify(classifier, u))).ToList();
                    var scores = Stance.Training.StanceScores.Of(results.Select(r => (r.Unit.Label, r.Result.Label)));
                    console.MarkupLine($"[bold]{Markup.Escape(dir)}[/] coded.csv, agreed units, {Markup.Escape(slice.Name)} ({scores.Count} units) with {Markup.Escape(classifier.Name)}");
                    Print(console, scores);
                    if (slice.Name == "all")
                        foreach (var (u, r) in results.Where(r => r.Result.Label != r.Unit.Label).Take(parse.GetValue(errors)))
                            console.MarkupLine($"[yellow]{u.Label} → {r.Label}[/] [grey]{Markup.Escape($"{u.Platform}/{u.Account}/{u.PostId}")}[/] [bold]{Markup.Escape(u.Actor)}[/] " +
                                $"{Markup.Escape(u.Text.ReplaceLineEndings(" "))} [grey]{Markup.Escape(string.Join("; ", r.Evidence))}[/]");
                }
            }
            return 0;
        }));
        return command;
    }

    private static void Print(IAnsiConsole console, Stance.Training.StanceScores scores)
    {
        console.MarkupLine($"accuracy {P(scores.Accuracy)}   macro-F1 {P(scores.MacroF1)}   F1-PN {P(scores.F1PN)}");
        var table = new Table().Border(TableBorder.Simple).AddColumns("gold \\ predicted", "negative", "neutral", "positive", "support", "precision", "recall", "F1");
        foreach (var c in table.Columns.Skip(1)) c.RightAligned();
        for (var i = 0; i < 3; i++)
            table.AddRow(Corpus.StanceLabels.All[i], N(scores.Confusion[i, 0]), N(scores.Confusion[i, 1]), N(scores.Confusion[i, 2]),
                N(scores.Support(i)), P(scores.Precision(i)), P(scores.Recall(i)), P(scores.F1(i)));
        console.Write(table);
    }

    private static string N(int n) => n.ToString(CultureInfo.InvariantCulture);
    private static string P(double p) => p.ToString("0.000", CultureInfo.InvariantCulture);
}
