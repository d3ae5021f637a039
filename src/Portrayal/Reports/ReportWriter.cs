using System.Globalization;
using System.Reflection;
using System.Text;
using Portrayal.Statistics;
using Portrayal.Tables;
using Scriban;
using Scriban.Runtime;

namespace Portrayal.Reports;

/// <summary>Writes report.html (self-contained, charts inline as SVG) and summary.md from a run's results.</summary>
public static class ReportWriter
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;
    public const string HtmlFile = "report.html";
    public const string SummaryFile = "summary.md";

    /// <summary>Actors with fewer posts get no stance-by-day chart: a handful of bars spread over weeks says nothing.</summary>
    public const int MinUnitsForDailyChart = 10;

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
            banner = new { validated = Findings.Banner(r).Validated, html = WithCode(Findings.Banner(r).Text) },
            findings = Findings.Sentences(r),
            actors = r.Actors.Where(a => a.Overall.Units > 0).Select(a => Row(a.Name, a.Overall, r.Validated.Find(a.Actor))).ToList(),
            platform_rows = r.Actors.SelectMany(a => a.ByPlatform.Select(p => Row(a.Name, p, r.Validated.Find(a.Actor, Scopes.Platform, p.Slice)))).ToList(),
            account_rows = r.Actors.SelectMany(a => a.ByAccount.Select(p => Row(a.Name, p,
                r.Validated.Scopes.FirstOrDefault(s => s.Actor == a.Actor && s.Scope == Scopes.Account && s.Name == p.Slice)))).ToList(),
            differences = r.Validated.Differences.Select(d => $"{NameOf(r, d.Actor)}, {d.A} minus {d.B}: " + string.Join("; ", d.ByLabel.Select(l =>
                $"{l.Label} {Findings.Points(l.Difference)} ({Findings.Points(l.Low)} to {Findings.Points(l.High)})"))).ToList(),
            validated_method = r.Validated.Scopes.FirstOrDefault(s => s.Validated is not null)?.Validated?.Method is { } vm
                ? $"Validated shares: {vm} (shown for the first actor; each scope uses its own codes)." : "",
            validation_notes = r.Validated.Notes,
            actor_checks = r.Actors.Where(a => a.Check is { Units: > 0 }).Select(a =>
            {
                var c = a.Check!;
                var v = r.Validated.Find(a.Actor)?.Validated;
                string Moved(int l) => v is null ? "–" : Findings.Points(v.Shares[l].Share - a.Overall[Corpus.StanceLabels.All[l]].Share);
                return new
                {
                    name = a.Name, units = c.Units, accuracy = Fixed(c.Accuracy),
                    confusion = string.Join(" | ", Enumerable.Range(0, 3).Select(t => string.Join(" ", Enumerable.Range(0, 3).Select(p => c.Confusion[t, p].ToString(C))))),
                    moved0 = Moved(0), moved1 = Moved(1), moved2 = Moved(2),
                };
            }).ToList(),
            chart_stance = Charts.StanceByActorAndPlatform(r),
            chart_daily = Charts.DailyVolume(r),
            events = r.Events.Select(e => new { date = e.Date.ToString("yyyy-MM-dd", C), label = e.Label }).ToList(),
            co_mentions = r.CoMentions.Where(c => c.Both > 0).Select(c => new
            {
                pair = $"{NameOf(r, c.A)} + {NameOf(r, c.B)}", both = c.Both, only_a = c.OnlyA, only_b = c.OnlyB,
                jaccard = c.Jaccard.ToString("0.00", C),
                expected = c.Association is { } a1 ? a1.ExpectedBoth.ToString("0.0", C) : "",
                lift = c.Association is { } a2 && !double.IsNaN(a2.Lift) ? a2.Lift.ToString("0.00", C) : "–",
                pmi = c.Association is { } a3 && !double.IsNaN(a3.Pmi) ? a3.Pmi.ToString("0.00", C) : "–",
                p = c.Association is { } a4 ? StatFormat.P(a4.PValue).Replace("p = ", "").Replace("p ", "") : "",
            }).ToList(),
            chart_network = Charts.CoMentionNetwork(r),
            narratives = r.Narratives is { } nr ? nr.Narratives.Select(n => new
            {
                label = n.Label, id = n.Id, description = n.Description ?? "", query = n.Query ?? "",
                hits = n.Overall.Count, total = n.Overall.Total, share = Findings.Percent(n.Overall.Share), ci = Findings.Interval(n.Overall),
                platforms = n.ByPlatform.Select(p => new { platform = p.Slice, share = Findings.Percent(p.Share.Share), ci = Findings.Interval(p.Share), hits = p.Share.Count, total = p.Share.Total }).ToList(),
                stances = n.Stances.Select(a => new
                {
                    name = a.Name, neg = a.Negative, neu = a.Neutral, pos = a.Positive, absent = a.NotMentioned,
                    neg_share = Findings.Percent(a.NegativeShare.Share),
                }).ToList(),
                examples = n.Examples.Take(2).Select(e => new
                {
                    platform = e.Platform, account = e.AccountName ?? e.Account, time = e.PublishedAt.ToString("yyyy-MM-dd HH:mm zzz", C),
                    url = SafeUrl(e.Url), text = e.Text, evidence = string.Join("; ", e.Evidence),
                }).ToList(),
            }).ToList() : null,
            narratives_changed = r.Narratives?.CodebookChanged ?? false,
            chart_narratives = r.Narratives is { Narratives.Count: > 0 } nc ? Charts.NarrativePrevalence(nc) : "",
            topics = r.Topics is { } tr ? tr.Topics.Select(t => new
            {
                number = t.Number, label = t.Label, share = Findings.Percent(t.Share.Share), ci = Findings.Interval(t.Share), posts = t.Share.Count,
                terms = string.Join(", ", t.Terms.Select(x => x.Display)), query = t.SuggestedQuery,
                coherence = t.Coherence.ToString("0.00", C),
                platforms = string.Join("; ", t.ByPlatform.Select(p => $"{p.Slice} {Findings.Percent(p.Share.Share)}")),
                posts_shown = t.Representative.Take(2).Select(p => new
                {
                    platform = p.Platform, account = p.AccountName ?? p.Account, time = p.PublishedAt.ToString("yyyy-MM-dd HH:mm zzz", C),
                    weight = p.Weight.ToString("0.00", C), text = p.Text,
                }).ToList(),
            }).ToList() : null,
            topics_method = r.Topics is { } tm
                ? $"{tm.Method} {tm.Documents} posts modelled ({tm.LeftOut} too short to say anything), vocabulary {tm.Vocabulary} terms, seed {tm.Seed}. " +
                  "A topic is a cluster of words used together; read its posts before calling it a narrative, and paste the suggested query into the codebook to count it as one."
                : "",
            daily_stance = r.Actors.Where(a => a.Overall.Units >= MinUnitsForDailyChart)
                .Select(a => new { name = a.Name, chart = Charts.DailyStance(r, a) }).ToList(),
            tests = r.Actors.Where(a => a.Overall.Units > 0)
                .SelectMany(a => new[] { ("platform", a.PlatformTest), ("account", a.AccountTest) }
                    .Where(t => t.Item2 is not null)
                    .Select(t => new { name = a.Name, slice = t.Item1, sentence = Findings.TestSentence(t.Item2!, t.Item1) }))
                .ToList(),
            weighted = r.Actors.SelectMany(a => a.Weighted.Select(w => new
            {
                name = a.Name, weight = w.WeightName, units = w.Units - w.UnitsWithoutWeight,
                neg = Findings.Percent(w[Corpus.StanceLabels.Negative].Share), neg_ci = Findings.Interval(w[Corpus.StanceLabels.Negative].Low, w[Corpus.StanceLabels.Negative].High),
                neu = Findings.Percent(w[Corpus.StanceLabels.Neutral].Share), neu_ci = Findings.Interval(w[Corpus.StanceLabels.Neutral].Low, w[Corpus.StanceLabels.Neutral].High),
                pos = Findings.Percent(w[Corpus.StanceLabels.Positive].Share), pos_ci = Findings.Interval(w[Corpus.StanceLabels.Positive].Low, w[Corpus.StanceLabels.Positive].High),
            })).ToList(),
            spikes = r.VolumeSpikes.Select(k => Spike(k, "all posts"))
                .Concat(r.Actors.SelectMany(a => a.Spikes.Select(k => Spike(k, a.Name)))).ToList(),
            spike_rule = r.SpikeRule.Describe(),
            validation = r.Validation is { } v ? new
            {
                units = v.Units,
                accuracy = v.Accuracy.ToString("0.00", C),
                macro_f1 = v.MacroF1.ToString("0.00", C),
                rows = Enumerable.Range(0, 3).Select(t => new
                {
                    label = Corpus.StanceLabels.All[t], c0 = v.Confusion[t, 0], c1 = v.Confusion[t, 1], c2 = v.Confusion[t, 2],
                    recall = Fixed(v.Recall(t)),
                }).ToList(),
                p0 = Fixed(v.Precision(0)), p1 = Fixed(v.Precision(1)), p2 = Fixed(v.Precision(2)),
            } : null,
            coding_line = r.Coding is { } coding
                ? $"{coding.Units} (post, actor) units were coded by {string.Join(" and ", coding.Coders)}; they disagreed on {coding.Disagreements} " +
                  $"({Findings.Percent(coding.Units == 0 ? double.NaN : coding.Disagreements / (double)coding.Units)}), which are left out of the reference until adjudicated."
                : "",
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

    /// <summary>HTML-escaped text with its `commands` set as code.</summary>
    private static string WithCode(string text) =>
        System.Text.RegularExpressions.Regex.Replace(System.Net.WebUtility.HtmlEncode(text), "`([^`]+)`", "<code>$1</code>");

    /// <summary>Only http(s) links reach the report, so a crafted URL in an export cannot run script.</summary>
    private static string? SafeUrl(string? url) =>
        url is not null && (url.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || url.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
            ? url
            : null;

    private static string NameOf(StudyResults r, string id) => r.Actors.First(a => a.Actor == id).Name;

    /// <summary>A table row: the classifier's counts and shares, and the validated shares first where the scope has them.</summary>
    private static object Row(string name, StanceSplit s, ValidatedScope? validated) => new
    {
        name,
        slice = s.Slice,
        units = s.Units,
        coded = validated?.Validated is { } e ? e.Coded.ToString(C) : "–",
        cells = Corpus.StanceLabels.All.Select((label, i) => new
        {
            css = label[..3],
            classified = Cell(s[label]), classified_ci = Findings.Interval(s[label]),
            validated = validated?.Validated is { } v ? Findings.Percent(v.Shares[i].Share) : "",
            validated_ci = validated?.Validated is { } w ? Findings.Interval(w.Shares[i].Low, w.Shares[i].High) : "",
        }).ToList(),
    };

    private static string Fixed(double x) => double.IsNaN(x) ? "–" : x.ToString("0.00", C);

    private static object Spike(Spike k, string series) => new
    {
        day = k.Day.ToString("yyyy-MM-dd", C), series, count = k.Count, baseline = k.Baseline.ToString("0.0", C), score = k.Score.ToString("0.0", C),
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
        sb.Append(ScopeLine(r.Scope)).Append("\n\n> ").Append(Findings.Banner(r).Text).Append("\n\n## Key findings\n\n");
        var i = 1;
        foreach (var s in Findings.Sentences(r)) sb.Append(i++).Append(". ").Append(s).Append('\n');
        var validated = r.Validated.Any;
        sb.Append("\n## Stance toward each actor\n\n").Append(validated
            ? "Validated shares first (classifier and drawn hand codes combined, 95% intervals), then the classifier's count and share with its 95% Wilson interval.\n\n"
            : "As classified, with 95% Wilson intervals (sampling only; not validated on this corpus).\n\n");
        sb.Append("| Actor | Platform | Posts | Coded | Negative | Neutral | Positive |\n|---|---|---:|---:|---:|---:|---:|\n");
        foreach (var a in r.Actors.Where(a => a.Overall.Units > 0))
        {
            foreach (var split in new[] { a.Overall }.Concat(a.ByPlatform))
            {
                var scope = split == a.Overall ? r.Validated.Find(a.Actor) : r.Validated.Find(a.Actor, Scopes.Platform, split.Slice);
                var v = scope?.Validated;
                sb.Append($"| {a.Name} | {split.Slice} | {split.Units} | {(v is null ? "–" : v.Coded.ToString(C))} | ");
                sb.Append(string.Join(" | ", Corpus.StanceLabels.All.Select((label, i) =>
                {
                    var p = split[label];
                    var classified = $"{p.Count} ({Findings.Percent(p.Share)}, {Findings.Interval(p)})";
                    return v is null ? classified : $"**{Findings.Percent(v.Shares[i].Share)}** ({Findings.Interval(v.Shares[i].Low, v.Shares[i].High)}); classifier {classified}";
                })));
                sb.Append(" |\n");
            }
        }
        if (r.Validated.Differences.Count > 0)
        {
            sb.Append("\nValidated differences between platforms (negative share, percentage points, 95% intervals): ");
            sb.Append(string.Join("; ", r.Validated.Differences.Select(d =>
                $"{NameOf(r, d.Actor)} {d.A} minus {d.B} {Findings.Points(d.ByLabel[0].Difference)} ({Findings.Points(d.ByLabel[0].Low)} to {Findings.Points(d.ByLabel[0].High)})"))).Append(".\n");
        }
        var tests = r.Actors.Where(a => a.Overall.Units > 0).Where(a => a.PlatformTest is not null).ToList();
        if (tests.Count > 0)
        {
            sb.Append("\n## Differences between platforms\n\n");
            foreach (var a in tests) sb.Append("- **").Append(a.Name).Append("**: ").Append(Findings.TestSentence(a.PlatformTest!, "platform")).Append('\n');
        }
        if (r.Validation is { } check)
        {
            sb.Append($"\n## Validity\n\nOn {check.Units} units the coders agree on, the classifier's accuracy is {check.Accuracy.ToString("0.00", C)} " +
                      $"and its macro-F1 {check.MacroF1.ToString("0.00", C)}.");
            if (r.Validated.Scopes.FirstOrDefault(x => x.Validated is not null)?.Validated is { } first) sb.Append(" Validated shares: ").Append(first.Method).Append('.');
            sb.Append('\n');
            foreach (var note in r.Validated.Notes) sb.Append("\n- ").Append(note);
            if (r.Validated.Notes.Count > 0) sb.Append('\n');
        }
        if (r.Narratives is { Narratives.Count: > 0 } narratives)
            sb.Append("\n## Narratives\n\nPosts in the period each codebook narrative was found in, with 95% Wilson intervals, by platform; then the stance toward each narrative's actors within its posts.\n\n")
              .Append(Narratives.NarrativeTables.Markdown(narratives));
        if (r.Topics is { Topics.Count: > 0 } topics)
        {
            sb.Append("\n## Topics found in the posts\n\n| # | top words | posts | suggested query |\n|---:|---|---:|---|\n");
            foreach (var t in topics.Topics)
                sb.Append($"| {t.Number} | {string.Join(", ", t.Terms.Take(8).Select(x => x.Display))} | {t.Share.Count} ({Findings.Percent(t.Share.Share)}) | `{t.SuggestedQuery}` |\n");
        }
        var pairs = r.CoMentions.Where(c => c.Both > 0 && c.Association is not null).Take(5).ToList();
        if (pairs.Count > 0)
        {
            sb.Append("\n## Actors discussed together\n\n| Actors | Both | Lift | PMI | p |\n|---|---:|---:|---:|---:|\n");
            foreach (var c in pairs)
                sb.Append($"| {NameOf(r, c.A)} + {NameOf(r, c.B)} | {c.Both} | {c.Association!.Lift.ToString("0.00", C)} | {c.Association.Pmi.ToString("0.00", C)} | {StatFormat.P(c.Association.PValue)} |\n");
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
