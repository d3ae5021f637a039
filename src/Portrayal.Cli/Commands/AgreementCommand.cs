using System.CommandLine;
using System.Globalization;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal agreement [--workspace DIR | --in codes.csv] [--seed S] [--format table|csv] [--show N]`: inter-coder reliability.</summary>
public static class AgreementCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var input = new Option<string?>("--in") { Description = "Codes in long form: unit,coder,variable,value (default: the workspace's coded.csv)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the bootstrap intervals.", DefaultValueFactory = _ => 1 };
        var format = new Option<string>("--format") { Description = "table or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "csv");
        var show = new Option<int>("--show") { Description = "How many disagreements to list per variable.", DefaultValueFactory = _ => 20 };
        var command = new Command("agreement", "Inter-coder agreement: Krippendorff's alpha (nominal, ordinal) and Cohen's kappa per coder pair, with 95% bootstrap intervals, and the units to adjudicate.")
        {
            workspace, input, seed, format, show,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            IReadOnlyList<CodeValue> codes;
            if (parse.GetValue(input) is { } path) codes = Agreement.ReadLong(path);
            else
            {
                var ws = Workspace.Open(parse.GetValue(workspace)!);
                var file = Path.Combine(ws.Directory, CodedSample.FileName);
                var sample = CodedSample.Load(file) ?? throw new InputError("AG005", file, null, "the workspace has no coded sample: code one with `portrayal sample` and `portrayal sheet import`.");
                codes = Agreement.FromCodedSample(sample);
            }
            var results = Agreement.Compute(codes, parse.GetValue(seed));
            if (parse.GetValue(format) == "csv") Csv(results);
            else Table(Program.Stdout(), results, Math.Max(0, parse.GetValue(show)));
            return 0;
        }));
        return command;
    }

    private static string F(double x) => double.IsNaN(x) ? "" : x.ToString("0.000", CultureInfo.InvariantCulture);
    private static string Ci(Estimate e) => double.IsNaN(e.Value) ? "–" : $"{F(e.Value)} [{F(e.Low)}, {F(e.High)}]";

    private static void Csv(IReadOnlyList<VariableAgreement> results)
    {
        Console.Out.Write(CsvText.Row(["variable", "statistic", "coders", "value", "low", "high", "units", "pairable_values"]) + "\n");
        foreach (var r in results)
        {
            var n = r.Units.ToString(CultureInfo.InvariantCulture);
            Console.Out.Write(CsvText.Row([r.Variable, "alpha_nominal", "all", F(r.Nominal.Value), F(r.Nominal.Low), F(r.Nominal.High), n, r.PairableValues.ToString(CultureInfo.InvariantCulture)]) + "\n");
            if (r.Ordinal is { } o)
                Console.Out.Write(CsvText.Row([r.Variable, "alpha_ordinal", "all", F(o.Value), F(o.Low), F(o.High), n, r.PairableValues.ToString(CultureInfo.InvariantCulture)]) + "\n");
            foreach (var k in r.Kappas)
                Console.Out.Write(CsvText.Row([r.Variable, "cohen_kappa", $"{k.CoderA}+{k.CoderB}", F(k.Kappa.Value), F(k.Kappa.Low), F(k.Kappa.High), k.Units.ToString(CultureInfo.InvariantCulture), (2 * k.Units).ToString(CultureInfo.InvariantCulture)]) + "\n");
        }
    }

    private static void Table(IAnsiConsole console, IReadOnlyList<VariableAgreement> results, int show)
    {
        foreach (var r in results)
        {
            var table = new Table().Border(TableBorder.Rounded)
                .Title($"[bold]{Markup.Escape(r.Variable)}[/]: {r.Units} units coded by two or more of {r.Coders} coders, {r.PairableValues} pairable values (95% bootstrap intervals over units)");
            table.AddColumns("Statistic", "Coders", "Value [[95% CI]]", "Units");
            table.AddRow("Krippendorff's alpha, nominal", "all", Markup.Escape(Ci(r.Nominal)), r.Units.ToString(CultureInfo.InvariantCulture));
            table.AddRow(r.Ordinal is null ? "Krippendorff's alpha, ordinal" : $"Krippendorff's alpha, ordinal ({Markup.Escape(string.Join(" < ", r.Order!))})",
                "all", r.Ordinal is { } o ? Markup.Escape(Ci(o)) : "[grey]values have no order[/]", r.Units.ToString(CultureInfo.InvariantCulture));
            foreach (var k in r.Kappas)
                table.AddRow("Cohen's kappa", Markup.Escape($"{k.CoderA} + {k.CoderB}"),
                    k.Units == 0 ? "[grey]no units in common[/]" : $"{Markup.Escape(Ci(k.Kappa))} [grey](agree {F(k.ObservedAgreement)})[/]", k.Units.ToString(CultureInfo.InvariantCulture));
            console.Write(table);
            if (r.Disagreements.Count == 0) { console.MarkupLine("No disagreements."); continue; }
            console.MarkupLine($"{r.Disagreements.Count} units to adjudicate{(show < r.Disagreements.Count ? $" (first {show}; --show N for more)" : "")}:");
            foreach (var d in r.Disagreements.Take(show))
                console.MarkupLine($"  {Markup.Escape(d.Unit)}: {Markup.Escape(string.Join(", ", d.Codes.Select(c => $"{c.Coder}={c.Value}")))}");
        }
    }
}
