using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Xml;
using Parquet.Serialization;
using Portrayal.Corpus;
using Portrayal.Statistics;
using Portrayal.Tables;

namespace Portrayal.Exports;

/// <summary>
/// The tidy exports beside the report: every table as CSV (UTF-8 with BOM, formulas neutralised) and all of them as
/// one JSON, the (post, actor) units as CSV and Parquet, and the co-mention network as GEXF for Gephi. Files are
/// byte-identical for the same store and codebook: invariant culture, stable ordering, no write times inside.
/// </summary>
public static class StudyExports
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Write(StudyResults r, IEnumerable<ExportUnit> units, string outDirectory)
    {
        var dir = Directory.CreateDirectory(Path.Combine(outDirectory, "tables")).FullName;
        var written = new List<string>();
        void Csv(string name, IEnumerable<string?[]> rows)
        {
            var path = Path.Combine(dir, name);
            using var w = new StreamWriter(path, false, CsvText.Utf8WithBom);
            foreach (var row in rows) w.Write(CsvText.Row(row) + "\r\n");
            written.Add(path);
        }

        Csv("stance.csv", StanceRows(r));
        Csv("days.csv", DayRows(r));
        Csv("co_mentions.csv", CoMentionRows(r));
        Csv("co_mention_matrix.csv", CoMentionMatrix(r));
        Csv("tests.csv", TestRows(r));
        Csv("weighted.csv", WeightedRows(r));
        Csv("validated.csv", [ShareLine.CsvHeader.ToArray(), .. ShareLine.Of(r.Validated).Select(l => l.CsvRow())]);
        Csv("spikes.csv", SpikeRows(r));
        if (r.Narratives is not null) Csv("narratives.csv", NarrativeRows(r.Narratives));
        if (r.Topics is not null) Csv("topics.csv", TopicRows(r.Topics));
        var unitList = units.ToList();
        Csv("units.csv", UnitRows(unitList));

        var parquet = Path.Combine(dir, "units.parquet");
        using (var stream = File.Create(parquet))
            ParquetSerializer.SerializeAsync(unitList.Select(ParquetUnit.Of), stream).GetAwaiter().GetResult();
        written.Add(parquet);

        var json = Path.Combine(dir, "results.json");
        File.WriteAllText(json, Json(r), new UTF8Encoding(false));
        written.Add(json);

        var gexf = Path.Combine(dir, "co_mentions.gexf");
        File.WriteAllText(gexf, Gexf(r), new UTF8Encoding(false));
        written.Add(gexf);
        return written;
    }

    private static string N(double v) => double.IsNaN(v) ? "" : v.ToString("0.######", C);

    private static IEnumerable<string?[]> StanceRows(StudyResults r)
    {
        yield return ["actor", "actor_name", "slice_type", "slice", "units",
            "negative", "negative_share", "negative_low", "negative_high",
            "neutral", "neutral_share", "neutral_low", "neutral_high",
            "positive", "positive_share", "positive_low", "positive_high"];
        foreach (var a in r.Actors)
        foreach (var (type, split) in new[] { ("all", a.Overall) }.Concat(a.ByPlatform.Select(p => ("platform", p))).Concat(a.ByAccount.Select(p => ("account", p))))
        {
            var cells = new List<string?> { a.Actor, a.Name, type, split.Slice, split.Units.ToString(C) };
            foreach (var p in new[] { split.Negative, split.Neutral, split.Positive })
                cells.AddRange([p.Count.ToString(C), N(p.Share), N(p.Low), N(p.High)]);
            yield return [.. cells];
        }
    }

    private static IEnumerable<string?[]> DayRows(StudyResults r)
    {
        yield return ["day", "actor", "posts", "negative", "neutral", "positive"];
        foreach (var d in r.Days)
        {
            var day = d.Day.ToString("yyyy-MM-dd", C);
            yield return [day, "", d.Posts.ToString(C), "", "", ""];
            foreach (var a in r.Actors)
            {
                var s = d.ActorStances.GetValueOrDefault(a.Actor);
                yield return [day, a.Actor, d.ActorPosts.GetValueOrDefault(a.Actor).ToString(C), s.Negative.ToString(C), s.Neutral.ToString(C), s.Positive.ToString(C)];
            }
        }
    }

    private static IEnumerable<string?[]> CoMentionRows(StudyResults r)
    {
        yield return ["actor_a", "actor_b", "both", "only_a", "only_b", "jaccard", "expected_both", "lift", "pmi", "p_one_sided"];
        foreach (var c in r.CoMentions)
            yield return [c.A, c.B, c.Both.ToString(C), c.OnlyA.ToString(C), c.OnlyB.ToString(C), N(c.Jaccard),
                c.Association is { } a ? N(a.ExpectedBoth) : "", c.Association is { } b ? N(b.Lift) : "", c.Association is { } d ? N(d.Pmi) : "",
                c.Association is { } e ? e.PValue.ToString("G6", C) : ""];
    }

    /// <summary>Actor × actor: posts mentioning both (the diagonal: posts mentioning the actor).</summary>
    private static IEnumerable<string?[]> CoMentionMatrix(StudyResults r)
    {
        var ids = r.Actors.Select(a => a.Actor).ToList();
        yield return ["actor", .. ids];
        var both = new Dictionary<(string, string), int>();
        foreach (var c in r.CoMentions)
        {
            both[(c.A, c.B)] = c.Both;
            both[(c.B, c.A)] = c.Both;
        }
        foreach (var a in r.Actors)
            yield return [a.Actor, .. ids.Select(b => (b == a.Actor ? a.Overall.Units : both.GetValueOrDefault((a.Actor, b))).ToString(C))];
    }

    private static IEnumerable<string?[]> TestRows(StudyResults r)
    {
        yield return ["actor", "slice_type", "test", "p", "chi_square", "df", "cramers_v", "n", "driving_cells", "method"];
        foreach (var a in r.Actors)
        foreach (var (type, t) in new[] { ("platform", a.PlatformTest), ("account", a.AccountTest) })
        {
            if (t is null) continue;
            yield return [a.Actor, type, t.Test.ToString(), t.PValue.ToString("G6", C), t.ChiSquare is { } x ? N(x.Statistic) : "",
                t.ChiSquare is { } y ? y.DegreesOfFreedom.ToString(C) : "", t.ChiSquare is { } z ? N(z.CramersV) : "", t.Total.ToString(C),
                string.Join("; ", t.DrivingCells.Select(c => $"{c.Row}/{c.Column} {c.Observed} vs {N(c.Expected)} ({N(c.Residual)})")), t.Method];
        }
    }

    private static IEnumerable<string?[]> WeightedRows(StudyResults r)
    {
        yield return ["actor", "weight", "stance", "units", "weight_total", "share", "low", "high", "units_without_weight"];
        foreach (var a in r.Actors)
        foreach (var w in a.Weighted)
        foreach (var s in w.Shares)
            yield return [a.Actor, w.WeightName, s.Label, s.Units.ToString(C), N(s.Weight), N(s.Share), N(s.Low), N(s.High), w.UnitsWithoutWeight.ToString(C)];
    }

    private static IEnumerable<string?[]> SpikeRows(StudyResults r)
    {
        yield return ["day", "series", "count", "baseline", "scale", "score"];
        foreach (var (series, spikes) in new[] { ("all posts", r.VolumeSpikes) }.Concat(r.Actors.Select(a => (a.Actor, a.Spikes))))
        foreach (var k in spikes)
            yield return [k.Day.ToString("yyyy-MM-dd", C), series, k.Count.ToString(C), N(k.Baseline), N(k.Scale), N(k.Score)];
    }

    private static IEnumerable<string?[]> NarrativeRows(Narratives.NarrativeResults n)
    {
        yield return ["narrative", "label", "slice_type", "slice", "hits", "posts", "share", "low", "high"];
        foreach (var x in n.Narratives)
        {
            yield return [x.Id, x.Label, "all", "all", x.Overall.Count.ToString(C), x.Overall.Total.ToString(C), N(x.Overall.Share), N(x.Overall.Low), N(x.Overall.High)];
            foreach (var p in x.ByPlatform)
                yield return [x.Id, x.Label, "platform", p.Slice, p.Share.Count.ToString(C), p.Share.Total.ToString(C), N(p.Share.Share), N(p.Share.Low), N(p.Share.High)];
            foreach (var d in x.ByDay)
                yield return [x.Id, x.Label, "day", d.Day.ToString("yyyy-MM-dd", C), d.Share.Count.ToString(C), d.Share.Total.ToString(C), N(d.Share.Share), N(d.Share.Low), N(d.Share.High)];
        }
    }

    private static IEnumerable<string?[]> TopicRows(Narratives.TopicResults t)
    {
        yield return ["topic", "top_words", "posts", "share", "low", "high", "coherence_npmi", "suggested_query"];
        foreach (var x in t.Topics)
            yield return [x.Number.ToString(C), string.Join(" ", x.Terms.Select(w => w.Display)), x.Share.Count.ToString(C), N(x.Share.Share), N(x.Share.Low), N(x.Share.High),
                N(x.Coherence), x.SuggestedQuery];
    }

    private static IEnumerable<string?[]> UnitRows(IEnumerable<ExportUnit> units)
    {
        yield return ["platform", "account", "account_name", "post_id", "published", "lang", "actor", "stance", "confidence", "method", "evidence", "views", "likes", "url", "text"];
        foreach (var u in units)
            yield return [u.Platform, u.Account, u.AccountName, u.PostId, u.Published, u.Lang, u.Actor, u.Stance, N(u.Confidence), u.Method,
                string.Join("; ", u.Evidence), u.Views?.ToString(C), u.Likes?.ToString(C), u.Url, u.Text];
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    /// <summary>Every table of the run as one JSON document (what the CSV files hold, plus the scope and the events).</summary>
    public static string Json(StudyResults r)
    {
        object Split(StanceSplit s) => new
        {
            slice = s.Slice, units = s.Units,
            negative = Share(s.Negative), neutral = Share(s.Neutral), positive = Share(s.Positive),
        };
        var doc = new
        {
            scope = new
            {
                title = r.Scope.Title, posts_imported = r.Scope.Posts, posts_in_period = r.Scope.PostsInPeriod,
                posts_with_actors = r.Scope.PostsWithActors,
                period = new { from = r.Scope.From?.ToString("yyyy-MM-dd", C), to = r.Scope.To?.ToString("yyyy-MM-dd", C) },
                platforms = r.Scope.Platforms.Select(p => new { platform = p.Platform, posts = p.Posts, accounts = p.Accounts }),
                languages = r.Scope.Languages.Select(l => new { lang = l.Lang, posts = l.Posts }),
            },
            actors = r.Actors.Select(a => new
            {
                id = a.Actor, name = a.Name, overall = Split(a.Overall),
                by_platform = a.ByPlatform.Select(Split), by_account = a.ByAccount.Select(Split),
                platform_test = a.PlatformTest is { } pt ? new { test = pt.Test.ToString(), p = pt.PValue, method = pt.Method } : null,
            }),
            days = r.Days.Select(d => new
            {
                day = d.Day.ToString("yyyy-MM-dd", C), posts = d.Posts,
                actors = r.Actors.Select(a => new
                {
                    id = a.Actor, posts = d.ActorPosts.GetValueOrDefault(a.Actor),
                    negative = d.ActorStances.GetValueOrDefault(a.Actor).Negative,
                    neutral = d.ActorStances.GetValueOrDefault(a.Actor).Neutral,
                    positive = d.ActorStances.GetValueOrDefault(a.Actor).Positive,
                }),
            }),
            co_mentions = r.CoMentions.Select(c => new
            {
                a = c.A, b = c.B, both = c.Both, only_a = c.OnlyA, only_b = c.OnlyB, jaccard = c.Jaccard,
                lift = c.Association is { } x && !double.IsNaN(x.Lift) ? Math.Round(x.Lift, 6) : (double?)null,
                p_one_sided = c.Association?.PValue,
            }),
            validated = ShareLine.Of(r.Validated).Where(l => l.Validated is not null).Select(l => new
            {
                actor = l.Actor, scope = l.Scope, value = l.Value, label = l.Label, n = l.N, coded = l.Validated!.Coded,
                share = l.Validated.Share, low = l.Validated.Low, high = l.Validated.High, method = l.Validated.Method,
            }),
            validated_notes = r.Validated.Notes,
            validation = r.Validation is { } v ? new
            {
                units = v.Units, accuracy = Round(v.Accuracy), macro_f1 = Round(v.MacroF1),
                confusion = Enumerable.Range(0, 3).Select(t => Enumerable.Range(0, 3).Select(p => v.Confusion[t, p]).ToArray()).ToArray(),
                labels = StanceLabels.All,
            } : null,
            events = r.Events.Select(e => new { date = e.Date.ToString("yyyy-MM-dd", C), label = e.Label }),
            narratives = r.Narratives?.Narratives.Select(n => new
            {
                id = n.Id, label = n.Label, query = n.Query, overall = Share(n.Overall),
                by_platform = n.ByPlatform.Select(p => new { platform = p.Slice, share = Share(p.Share) }),
                by_day = n.ByDay.Select(d => new { day = d.Day.ToString("yyyy-MM-dd", C), share = Share(d.Share) }),
                stances = n.Stances.Select(a => new { actor = a.Actor, negative = a.Negative, neutral = a.Neutral, positive = a.Positive, not_mentioned = a.NotMentioned }),
            }),
            topics = r.Topics?.Topics.Select(t => new
            {
                number = t.Number, words = t.Terms.Select(w => w.Display), share = Share(t.Share), coherence = Round(t.Coherence), suggested_query = t.SuggestedQuery,
            }),
            manifest = new
            {
                tool_version = r.Manifest.ToolVersion, codebook_sha256 = r.Manifest.CodebookHash, corpus_sha256 = r.Manifest.CorpusHash,
                mention_method = r.Manifest.MentionMethod, stance_method = r.Manifest.StanceMethod,
            },
        };
        return JsonSerializer.Serialize(doc, JsonOptions) + "\n";
    }

    private static object Share(Proportion p) => new { count = p.Count, share = Round(p.Share), low = Round(p.Low), high = Round(p.High) };

    private static double? Round(double v) => double.IsNaN(v) ? null : Math.Round(v, 6);

    /// <summary>The co-mention network: actors as nodes (sized by posts), pairs mentioned together as weighted edges.</summary>
    public static string Gexf(StudyResults r)
    {
        var sb = new StringBuilder();
        using (var x = XmlWriter.Create(sb, new XmlWriterSettings { Indent = true, OmitXmlDeclaration = false, Encoding = Encoding.UTF8 }))
        {
            const string ns = "http://gexf.net/1.3";
            x.WriteStartElement("gexf", ns);
            x.WriteAttributeString("version", "1.3");
            x.WriteStartElement("meta", ns);
            x.WriteElementString("creator", ns, "Portrayal " + r.Manifest.ToolVersion);
            x.WriteElementString("description", ns, $"Co-mentions of actors: {r.Scope.Title}");
            x.WriteEndElement();
            x.WriteStartElement("graph", ns);
            x.WriteAttributeString("defaultedgetype", "undirected");
            x.WriteStartElement("attributes", ns);
            x.WriteAttributeString("class", "node");
            foreach (var (id, title) in new[] { ("0", "posts"), ("1", "negative_share") })
            {
                x.WriteStartElement("attribute", ns);
                x.WriteAttributeString("id", id);
                x.WriteAttributeString("title", title);
                x.WriteAttributeString("type", id == "0" ? "integer" : "double");
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteStartElement("nodes", ns);
            foreach (var a in r.Actors.Where(a => a.Overall.Units > 0))
            {
                x.WriteStartElement("node", ns);
                x.WriteAttributeString("id", a.Actor);
                x.WriteAttributeString("label", a.Name);
                x.WriteStartElement("attvalues", ns);
                Att(x, ns, "0", a.Overall.Units.ToString(C));
                Att(x, ns, "1", N(a.Overall.Negative.Share));
                x.WriteEndElement();
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteStartElement("edges", ns);
            var n = 0;
            foreach (var c in r.CoMentions.Where(c => c.Both > 0))
            {
                x.WriteStartElement("edge", ns);
                x.WriteAttributeString("id", (n++).ToString(C));
                x.WriteAttributeString("source", c.A);
                x.WriteAttributeString("target", c.B);
                x.WriteAttributeString("weight", c.Both.ToString(C));
                x.WriteEndElement();
            }
            x.WriteEndElement();
            x.WriteEndElement();
            x.WriteEndElement();
        }
        return sb.ToString().Replace("encoding=\"utf-16\"", "encoding=\"UTF-8\"", StringComparison.Ordinal) + "\n";
    }

    private static void Att(XmlWriter x, string ns, string id, string value)
    {
        x.WriteStartElement("attvalue", ns);
        x.WriteAttributeString("for", id);
        x.WriteAttributeString("value", value);
        x.WriteEndElement();
    }
}

/// <summary>One (post, actor) unit of the period as the exports list it.</summary>
public sealed record ExportUnit(
    string Platform, string Account, string? AccountName, string PostId, string Published, string? Lang, string Actor, string Stance,
    double Confidence, string Method, IReadOnlyList<string> Evidence, long? Views, long? Likes, string? Url, string Text)
{
    public static ExportUnit Of(ActorStanceRow r) => new(r.Platform, r.Account, r.AccountName, r.NativeId,
        r.PublishedAt.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture), r.Lang, r.Actor, r.Label, r.Confidence, r.Method,
        r.Evidence, r.Views, r.Likes, r.Url, r.Text);
}

/// <summary>The Parquet row of a unit (Parquet.Net serialises public properties; lists as one string for portability).</summary>
public sealed class ParquetUnit
{
    public string Platform { get; set; } = "";
    public string Account { get; set; } = "";
    public string? AccountName { get; set; }
    public string PostId { get; set; } = "";
    public string Published { get; set; } = "";
    public string? Lang { get; set; }
    public string Actor { get; set; } = "";
    public string Stance { get; set; } = "";
    public double Confidence { get; set; }
    public string Method { get; set; } = "";
    public string Evidence { get; set; } = "";
    public long? Views { get; set; }
    public long? Likes { get; set; }
    public string? Url { get; set; }
    public string Text { get; set; } = "";

    public static ParquetUnit Of(ExportUnit u) => new()
    {
        Platform = u.Platform, Account = u.Account, AccountName = u.AccountName, PostId = u.PostId, Published = u.Published, Lang = u.Lang,
        Actor = u.Actor, Stance = u.Stance, Confidence = u.Confidence, Method = u.Method, Evidence = string.Join("; ", u.Evidence),
        Views = u.Views, Likes = u.Likes, Url = u.Url, Text = u.Text,
    };
}
