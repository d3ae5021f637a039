using System.CommandLine;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal sample --n 200 [--stratify platform,actor] [--overlap 0.2] --coders a,b [--seed S] [--out sheet.csv|sheet.xlsx|tasks.json]`.</summary>
public static class SampleCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var n = new Option<int>("--n") { Description = "How many (post, actor) units to draw.", DefaultValueFactory = _ => 200 };
        var stratify = new Option<string>("--stratify") { Description = "Strata, comma-separated among platform, account, actor, lang (empty: none).", DefaultValueFactory = _ => "platform,actor" };
        var overlap = new Option<double>("--overlap") { Description = "Share of the units every coder codes (for agreement).", DefaultValueFactory = _ => 0.2 };
        var coders = new Option<string?>("--coders") { Description = "The coders, comma-separated (not needed for Label Studio tasks: its users are the coders)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the draw: the same seed gives the same units.", DefaultValueFactory = _ => 1 };
        var output = new Option<string?>("--out") { Description = "The coding sheet: .csv (UTF-8 with BOM) or .xlsx, or Label Studio tasks: .json, with NAME.label-config.xml beside it (default: DIR/coding-sheet.csv)." };
        var uncertain = new Option<bool>("--uncertain") { Description = "Draw with probability proportional to the classifier's uncertainty within each stratum (more of the units it is unsure of, each with its known inclusion probability, so estimates stay unbiased)." };
        var command = new Command("sample", "Draw (post, actor) units to hand-code by a recorded design (simple, stratified, or by uncertainty) and write a coding sheet, one row per unit and coder.")
        {
            workspace, store, n, stratify, overlap, coders, seed, output, uncertain,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            var strata = parse.GetValue(stratify)!.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
            foreach (var s in strata.Where(s => !Sampling.StrataFields.Contains(s)))
                throw new InputError("SA001", "--stratify", null, $"cannot stratify by '{s}': use {string.Join(", ", Sampling.StrataFields)}.");
            var path = parse.GetValue(output) ?? Path.Combine(ws.Directory, "coding-sheet.csv");
            var tasks = LabelStudio.IsJson(path);
            var names = (parse.GetValue(coders) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct().ToList();
            if (names.Count == 0 && tasks) names = ["labelstudio"];
            if (names.Count == 0) throw new InputError("SA002", "--coders", null, "name at least one coder (or write Label Studio tasks: --out tasks.json).");
            if (parse.GetValue(n) <= 0) throw new InputError("SA003", "--n", null, "the sample size must be positive.");
            if (parse.GetValue(overlap) is < 0 or > 1) throw new InputError("SA004", "--overlap", null, "the overlap is a share between 0 and 1.");
            using var study = Study.Open(ws, StudyNeeds.Codebook | StudyNeeds.Analysis);
            var options = new SampleOptions(parse.GetValue(n), strata, parse.GetValue(overlap), names, parse.GetValue(seed)) { Uncertain = parse.GetValue(uncertain) };
            var draw = StudyValidation.Draw(study, options, TimeProvider.System.GetUtcNow());
            return Write(study, draw, path, names.Count);
        }));
        return command;
    }

    /// <summary>The draw's sheet (CSV, XLSX or Label Studio tasks) and one line saying what was drawn and written.</summary>
    internal static int Write(Study study, Draw draw, string path, int coders)
    {
        var rows = draw.Rows;
        var r = draw.Record;
        Console.Out.WriteLine($"Drew {r.Units.Count} of {r.FrameUnits} units ({r.Design}{(r.Strata.Count > 0 ? " by " + string.Join(", ", r.Strata) : "")}, seed {r.Seed}): draw {r.Id}" +
                              (draw.AlreadyCoded > 0 ? $"; {draw.AlreadyCoded} of them already coded, their codes count" : "") + ".");
        if (LabelStudio.IsJson(path))
        {
            var codebook = study.RequireCodebook();
            var config = LabelStudio.WriteTasks(path, rows, id => codebook.Find(id)?.Name ?? id);
            Console.Out.WriteLine($"{rows.Select(x => x.Unit).Distinct().Count()} Label Studio tasks written to {path}, labelling config to {config}");
            return 0;
        }
        CodingSheet.Write(path, rows);
        Console.Out.WriteLine($"{rows.Select(x => x.Unit).Distinct().Count()} units, {rows.Count} rows for {coders} coders written to {path}");
        return 0;
    }
}
