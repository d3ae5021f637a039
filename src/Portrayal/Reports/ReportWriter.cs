using System.Globalization;
using System.Reflection;
using System.Text;
using Portrayal.Statistics;
using Scriban;
using Scriban.Runtime;

namespace Portrayal.Reports;

/// <summary>Writes report.html (self-contained, charts inline as SVG) and summary.md from a run's results.</summary>
public static class ReportWriter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    public const string HtmlFile = "report.html";
    public const string SummaryFile = "summary.md";

    public static IReadOnlyList<string> Write(StudyResults results, string codebookPath, string outDirectory)
    {
        Directory.CreateDirectory(outDirectory);
        var html = Path.Combine(outDirectory, HtmlFile);
        var md = Path.Combine(outDirectory, SummaryFile);
        File.WriteAllText(html, Html(results, codebookPath), new UTF8Encoding(false));
        File.WriteAllText(md, Markdown(results), new UTF8Encoding(false));
        return [html, md];
    }

    public static string Html(StudyResults r, string codebookPath)
    {
        var template = Template.Parse(LoadTemplate("report.html.sbn"));
        if (template.HasErrors) throw new InvalidOperationException(string.Join("; ", template.Messages));
        var model = new ScriptObject();
        model.Import(new
        {
            scope = r.Scope,
            scope_line = ScopeLine(r.Scope),
            findings = Findings.Sentences(r),
            actors = r.Actors.Where(a => a.Overall.Units > 0).Select(a => Row(a.Name, a.Overall)).ToList(),
            platform_rows = r.Actors.SelectMany(a => a.ByPlatform.Select(p => Row(a.Name, p))).ToList(),
            account_rows = r.Actors.SelectMany(a => a.ByAccount.Select(p => Row(a.Name, p))).ToList(),
            chart_stance = Charts.StanceByActorAndPlatform(r),
            chart_daily = Charts.DailyVolume(r),
            events = r.Events.Select(e => new { date = e.Date.ToString("yyyy-MM-dd", C), label = e.Label }).ToList(),
            co_mentions = r.CoMentions.Where(c => c.Both > 0).Select(c => new
            {
                pair = $"{NameOf(r, c.A)} + {NameOf(r, c.B)}", both = c.Both, only_a = c.OnlyA, only_b = c.OnlyB,
                jaccard = c.Jaccard.ToString("0.00", C),
            }).ToList(),
            examples = r.Actors.Where(a => a.Examples.Count > 0).Select(a => new
            {
                name = a.Name,
                posts = a.Examples.Select(p => new
                {
                    label = p.Label,
                    css = p.Label[..3],
                    confidence = p.Confidence.ToString("0.00", C),
                    platform = p.Platform,
                    account = p.Account,
                    time = p.PublishedAt.ToString("yyyy-MM-dd HH:mm zzz", C),
                    url = SafeUrl(p.Url),
                    text = p.Text,
                    evidence = p.Evidence.Count == 0 ? "no cue words (neutral)" : string.Join("; ", p.Evidence),
                }).ToList(),
            }).ToList(),
            manifest = r.Manifest,
            codebook_path = Path.GetFileName(codebookPath),
            run_time = r.Manifest.StartedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", C),
        }, null, m => m.Name);
        var context = new TemplateContext { MemberRenamer = m => m.Name, StrictVariables = true };
        context.PushGlobal(model);
        return template.Render(context);
    }

    /// <summary>Only http(s) links reach the report, so a crafted URL in an export cannot run script.</summary>
    private static string? SafeUrl(string? url) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ? url
            : null;

    private static string NameOf(StudyResults r, string id) => r.Actors.First(a => a.Actor == id).Name;

    private static object Row(string name, StanceSplit s) => new
    {
        name,
        slice = s.Slice,
        units = s.Units,
        neg = Cell(s.Negative), neg_ci = Findings.Interval(s.Negative),
        neu = Cell(s.Neutral), neu_ci = Findings.Interval(s.Neutral),
        pos = Cell(s.Positive), pos_ci = Findings.Interval(s.Positive),
    };

    private static string Cell(Proportion p) => $"{p.Count} ({Findings.Percent(p.Share)})";

    public static string ScopeLine(StudyScope s)
    {
        var platforms = string.Join(", ", s.Platforms.Select(p => $"{p.Platform} ({p.Accounts} accounts, {p.Posts} posts)"));
        var langs = string.Join(", ", s.Languages.Select(l => $"{l.Lang} {l.Posts}"));
        var period = s.From is { } f && s.To is { } t
            ? $"{f.ToString("d MMMM yyyy", C)} – {t.ToString("d MMMM yyyy", C)}"
            : s.FirstDay is { } a && s.LastDay is { } b ? $"{a:yyyy-MM-dd} – {b:yyyy-MM-dd}" : "no posts";
        var outside = s.Posts - s.PostsInPeriod;
        return $"{s.PostsInPeriod} posts, {period}; {platforms}; languages: {langs}." +
               (outside > 0 ? $" {outside} imported posts fall outside the period and are not counted." : "");
    }

    public static string Markdown(StudyResults r)
    {
        var sb = new StringBuilder();
        sb.Append("# ").Append(r.Scope.Title).Append("\n\n");
        sb.Append(ScopeLine(r.Scope)).Append("\n\n## Key findings\n\n");
        var i = 1;
        foreach (var s in Findings.Sentences(r)) sb.Append(i++).Append(". ").Append(s).Append('\n');
        sb.Append("\n## Stance toward each actor\n\n| Actor | Platform | Posts | Negative | Neutral | Positive |\n|---|---|---:|---:|---:|---:|\n");
        foreach (var a in r.Actors.Where(a => a.Overall.Units > 0))
        {
            foreach (var split in new[] { a.Overall }.Concat(a.ByPlatform))
            {
                sb.Append($"| {a.Name} | {split.Slice} | {split.Units} | ");
                sb.Append(string.Join(" | ", new[] { split.Negative, split.Neutral, split.Positive }.Select(p => $"{p.Count} ({Findings.Percent(p.Share)}, {Findings.Interval(p)})")));
                sb.Append(" |\n");
            }
        }
        sb.Append("\nShares with 95% Wilson intervals. Stance by `").Append(r.Manifest.StanceMethod)
          .Append("`; codebook sha256 `").Append(r.Manifest.CodebookHash[..Math.Min(12, r.Manifest.CodebookHash.Length)])
          .Append("`, corpus sha256 `").Append(r.Manifest.CorpusHash[..Math.Min(12, r.Manifest.CorpusHash.Length)]).Append("`.\n");
        return sb.ToString();
    }

    private static string LoadTemplate(string name)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Portrayal.Reports.Templates.{name}")
            ?? throw new InvalidOperationException($"report template {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
