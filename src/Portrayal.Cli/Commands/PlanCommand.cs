using System.CommandLine;
using System.Globalization;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Spectre.Console;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal plan [--workspace DIR] [--half-width 0.05] [--actor ID] [--out sheet.csv --coders a,b]`: how many more codes reach a precision.</summary>
public static class PlanCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var halfWidth = new Option<double>("--half-width") { Description = "The target: each share within ± this of its 95% interval's centre (0.05 = ±5 points).", DefaultValueFactory = _ => 0.05 };
        var actor = new Option<string?>("--actor") { Description = "Only this actor." };
        var output = new Option<string?>("--out") { Description = "Also draw exactly those units and write their coding sheet (.csv, .xlsx or Label Studio .json), as `portrayal sample` does." };
        var coders = new Option<string?>("--coders") { Description = "Coders of the new sheet (default: the coders in coded.csv)." };
        var overlap = new Option<double>("--overlap") { Description = "Share of the new units every coder codes.", DefaultValueFactory = _ => 0.2 };
        var seed = new Option<int?>("--seed") { Description = "Seed of the new draw (default: the latest draw's plus one)." };
        var command = new Command("plan", "For each actor's shares: how precise they are now and how many more drawn codes bring them to a target half-width; --out draws those units.")
        {
            workspace, store, halfWidth, actor, output, coders, overlap, seed,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var target = parse.GetValue(halfWidth);
            if (target is <= 0 or >= 0.5) throw new InputError("PL001", "--half-width", null, "the target half-width is a share above 0 and below 0.5 (0.05 = ±5 points).");
            if (parse.GetValue(overlap) is < 0 or > 1) throw new InputError("SA004", "--overlap", null, "the overlap is a share between 0 and 1.");
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var study = Study.Open(ws, StudyNeeds.Codebook | StudyNeeds.Analysis);
            var id = parse.GetValue(actor)?.Trim().ToLowerInvariant();
            if (id is not null && study.Codebook!.Find(id) is null)
                throw new InputError("PL002", "--actor", null, $"'{id}' is not an actor of the codebook ({string.Join(", ", study.Codebook.Actors.Select(a => a.Id))}).");
            var plan = StudyValidation.Plan(study, target, id);
            Print(Program.Stdout(), plan);
            if (parse.GetValue(output) is not { } path) return 0;
            if (plan.Additional == 0)
            {
                Console.Out.WriteLine("Every share is already within the target: nothing to draw.");
                return 0;
            }
            var names = (parse.GetValue(coders) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (names.Count == 0) names = CodedSample.Load(study.CodedPath)?.Coders.ToList() ?? [];
            if (names.Count == 0 && LabelStudio.IsJson(path)) names = ["labelstudio"];
            if (names.Count == 0) throw new InputError("SA002", "--coders", null, "name at least one coder (coded.csv has none yet).");
            var options = StudyValidation.PlanDraw(study, plan, names, parse.GetValue(overlap), parse.GetValue(seed));
            var draw = StudyValidation.Draw(study, options, TimeProvider.System.GetUtcNow());
            return SampleCommand.Write(study, draw, path, names.Count);
        }));
        return command;
    }

    private static string N(int n) => n.ToString("N0", CultureInfo.InvariantCulture);
    private static string Points(double x) => "±" + (100 * x).ToString("0.0", CultureInfo.InvariantCulture);

    private static void Print(IAnsiConsole console, CodingPlan plan)
    {
        var table = new Table().Border(TableBorder.Rounded)
            .Title($"[bold]Coding plan[/]: drawn codes that bring each share's 95% interval to {Markup.Escape(Points(plan.Target))} points");
        table.AddColumns("Actor", "Units", "Coded");
        foreach (var l in StanceLabels.All) table.AddColumn(new TableColumn($"{l} now").RightAligned());
        table.AddColumn(new TableColumn("More codes").RightAligned());
        foreach (var line in plan.Lines)
            table.AddRow([Markup.Escape(line.Name), N(line.Units), N(line.Coded),
                .. line.Labels.Select(l => l.HalfWidth is { } h ? Points(h) : "[grey]not validated[/]"),
                line.Additional > 0 ? $"[bold]{N(line.Additional)}[/]" : "[green]0[/]"]);
        console.Write(table);
        console.MarkupLine($"In all [bold]{N(plan.Additional)}[/] more drawn codes (each actor's most demanding share), from {Markup.Escape(plan.Basis)}." +
                           (plan.Additional > 0 ? " `portrayal plan --out sheet.csv` draws them." : ""));
    }
}
