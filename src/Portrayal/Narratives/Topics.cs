using System.Diagnostics;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Portrayal.Corpus;
using Portrayal.Statistics;

namespace Portrayal.Narratives;

/// <summary>A post given to topic discovery.</summary>
public sealed record TopicDocument(long PostId, string Platform, string Account, string? AccountName, string NativeId,
    DateTimeOffset PublishedAt, string? Lang, string Text);

/// <summary>How topics are discovered; the defaults suit short social-media posts.</summary>
public sealed record TopicOptions
{
    /// <summary>The number of topics; null to choose it among <see cref="MinTopics"/>..<see cref="MaxTopics"/> by coherence.</summary>
    public int? Topics { get; init; }
    public int MinTopics { get; init; } = 3;
    public int MaxTopics { get; init; } = 10;
    /// <summary>Seeds ML.NET and LightLDA; the same seed on the same posts gives the same topics.</summary>
    public int Seed { get; init; } = 1;
    public int TopTerms { get; init; } = 10;
    public int RepresentativePosts { get; init; } = 5;
    /// <summary>Posts with fewer terms than this after normalisation are left out (a greeting says nothing about topics).</summary>
    public int MinTerms { get; init; } = 3;
    /// <summary>Terms in fewer posts than this are left out (typos, names said once).</summary>
    public int MinDocumentFrequency { get; init; } = 2;
    /// <summary>Terms in a larger share of posts than this are left out (the corpus's own subject: ОДКБ in a corpus about the CSTO).</summary>
    public double MaxDocumentShare { get; init; } = 0.5;
    /// <summary>Sum of the Dirichlet prior on each post's topic mixture (LightLDA's alphaSum).</summary>
    public double AlphaSum { get; init; } = 10;
    public double Beta { get; init; } = 0.1;
    /// <summary>
    /// Sweeps over the corpus; null: 500 for a corpus of up to 4,000 term occurrences, fewer for larger ones (as each
    /// sweep then samples more), never below 100: 2,000,000 / occurrences, clamped to 100–500.
    /// </summary>
    public int? Iterations { get; init; }
    /// <summary>Metropolis-Hastings steps per token and sweep (LightLDA's samplingStepCount).</summary>
    public int SamplingSteps { get; init; } = 4;

    /// <summary>The sweeps for a corpus of <paramref name="occurrences"/> term occurrences.</summary>
    public int IterationsFor(long occurrences) => Iterations ?? (int)Math.Clamp(2_000_000 / Math.Max(1, occurrences), 100, 500);
    /// <summary>Sweeps over a post before its topic weights are read.</summary>
    public int BurninIterations { get; init; } = 50;
    /// <summary>How many words of each topic the suggested query ORs together.</summary>
    public int QueryTerms { get; init; } = 5;
}

/// <summary>One term of a topic: the normalised term (a stem or base), the word it was written as most often, its weight.</summary>
public sealed record TopicTerm(string Term, string Display, double Weight);

/// <summary>A post that stands for a topic: its weight on the topic (0–1) and where it was published.</summary>
public sealed record TopicPost(long PostId, string Platform, string Account, string? AccountName, string NativeId,
    DateTimeOffset PublishedAt, string Text, double Weight);

/// <summary>
/// A discovered topic: its top terms, the posts whose main topic it is (with their share of all modelled posts, and per
/// platform and day), its most representative posts, its coherence (NPMI of its top terms over the corpus, −1 to 1), and
/// a query the analyst can paste into the codebook as a first draft of a narrative.
/// </summary>
public sealed record Topic(int Number, IReadOnlyList<TopicTerm> Terms, Proportion Share, IReadOnlyList<NarrativeSlice> ByPlatform,
    IReadOnlyList<NarrativeDay> ByDay, IReadOnlyList<TopicPost> Representative, double Coherence, string SuggestedQuery)
{
    public string Label => string.Join(", ", Terms.Take(5).Select(t => t.Display));
}

/// <summary>The coherence of a model with k topics, as the choice among a range reports it.</summary>
public sealed record TopicCandidate(int K, double Coherence);

/// <summary>What topic discovery found, with how: the number of topics and how it was chosen, the seed, the posts modelled and left out.</summary>
public sealed record TopicResults(
    string Method, int K, IReadOnlyList<TopicCandidate> Candidates, int Seed, int Documents, int LeftOut, int Vocabulary,
    IReadOnlyList<Topic> Topics, IReadOnlyList<int> MainTopic, IReadOnlyList<IReadOnlyList<float>> Weights, TimeSpan Elapsed);

/// <summary>
/// Topic discovery with ML.NET's LightLDA (<c>LatentDirichletAllocation</c>) over normalised post text (<see cref="TopicText"/>),
/// deterministic for a seed (MLContext seed, LightLDA's generator reset, one thread). The number of topics is given or
/// chosen by coherence: the mean NPMI of each topic's top terms, counted over the posts (document co-occurrence).
/// </summary>
public static class TopicDiscovery
{
    public const string MethodName = "topics.lightlda.v1";

    public static TopicResults Run(IReadOnlyList<TopicDocument> documents, TopicOptions options, Func<DateTimeOffset, DateOnly> dayOf)
    {
        var clock = Stopwatch.StartNew();
        var ml = new MLContext(options.Seed);
        var text = TopicText.Build(documents.Select(d => (d.Text, d.Lang)).ToList(), ml);

        // Vocabulary: terms in enough posts but not in most of them.
        var df = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var d in text.Documents)
        foreach (var t in d.Terms.Distinct(StringComparer.Ordinal))
            df[t] = df.GetValueOrDefault(t) + 1;
        var candidates = text.Documents.Count(d => d.Terms.Count >= options.MinTerms);
        var maxDf = Math.Max(options.MinDocumentFrequency, (int)Math.Floor(options.MaxDocumentShare * candidates));
        var vocabulary = df.Where(kv => kv.Value >= options.MinDocumentFrequency && kv.Value <= maxDf).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
        var kept = new List<(TopicDocument Doc, string[] Terms)>();
        for (var i = 0; i < documents.Count; i++)
        {
            var terms = text.Documents[i].Terms.Where(vocabulary.Contains).ToArray();
            if (terms.Length >= options.MinTerms) kept.Add((documents[i], terms));
        }
        if (kept.Count < 2)
            throw new InputError("TP001", "topics", null,
                $"only {kept.Count} posts have {options.MinTerms} or more words left after normalisation; topics need more posts.");

        var ks = options.Topics is { } k0
            ? [k0]
            : Enumerable.Range(options.MinTopics, Math.Max(1, options.MaxTopics - options.MinTopics + 1)).ToList();
        if (ks.Any(k => k < 2)) throw new InputError("TP002", "topics", null, "the number of topics must be 2 or more.");
        if (ks.Min() > kept.Count) throw new InputError("TP002", "topics", null, $"{ks.Min()} topics for {kept.Count} posts: ask for fewer topics.");
        ks = ks.Where(k => k <= kept.Count).ToList();

        var sets = kept.Select(d => d.Terms.ToHashSet(StringComparer.Ordinal)).ToList();
        Model? best = null;
        var scores = new List<TopicCandidate>();
        foreach (var k in ks)
        {
            var model = Fit(ml, kept.Select(d => d.Terms).ToList(), k, options);
            var coherence = model.Terms.Select(t => Npmi(t.Take(options.TopTerms).Select(x => x.Term).ToList(), sets)).ToList();
            var mean = coherence.Count == 0 ? double.NaN : coherence.Average();
            scores.Add(new TopicCandidate(k, mean));
            model = model with { Coherence = coherence, Mean = mean };
            if (best is null || mean > best.Mean + 1e-9) best = model;
        }

        var chosen = best!;
        var main = chosen.Weights.Select(w => ArgMax(w)).ToList();
        var platforms = kept.GroupBy(d => d.Doc.Platform).OrderBy(g => g.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count());
        var days = kept.GroupBy(d => dayOf(d.Doc.PublishedAt)).OrderBy(g => g.Key).ToDictionary(g => g.Key, g => g.Count());
        var topics = new List<Topic>();
        for (var t = 0; t < chosen.K; t++)
        {
            var mine = Enumerable.Range(0, kept.Count).Where(i => main[i] == t).ToList();
            var terms = chosen.Terms[t].Take(options.TopTerms).Select(x => new TopicTerm(x.Term, text.Display(x.Term), x.Weight)).ToList();
            var byPlatform = platforms.Select(p => new NarrativeSlice(p.Key, Proportion.Wilson(mine.Count(i => kept[i].Doc.Platform == p.Key), p.Value))).ToList();
            var byDay = days.Select(d => new NarrativeDay(d.Key, Proportion.Wilson(mine.Count(i => dayOf(kept[i].Doc.PublishedAt) == d.Key), d.Value))).ToList();
            var representative = Enumerable.Range(0, kept.Count)
                .OrderByDescending(i => chosen.Weights[i][t]).ThenByDescending(i => kept[i].Terms.Length).ThenBy(i => kept[i].Doc.PostId)
                .Take(options.RepresentativePosts)
                .Select(i =>
                {
                    var d = kept[i].Doc;
                    return new TopicPost(d.PostId, d.Platform, d.Account, d.AccountName, d.NativeId, d.PublishedAt, d.Text, chosen.Weights[i][t]);
                }).ToList();
            topics.Add(new Topic(t + 1, terms, Proportion.Wilson(mine.Count, kept.Count), byPlatform, byDay, representative,
                chosen.Coherence[t], SuggestQuery(terms.Take(options.QueryTerms).Select(x => x.Term), text)));
        }
        return new TopicResults(options.Topics is null ? $"{MethodName}, k by NPMI coherence" : MethodName, chosen.K, scores, options.Seed,
            kept.Count, documents.Count - kept.Count, vocabulary.Count, topics, main, chosen.Weights, clock.Elapsed);
    }

    private static int ArgMax(IReadOnlyList<float> w)
    {
        var best = 0;
        for (var i = 1; i < w.Count; i++)
            if (w[i] > w[best]) best = i;
        return best;
    }

    private sealed record Model(int K, IReadOnlyList<IReadOnlyList<(string Term, double Weight)>> Terms, IReadOnlyList<IReadOnlyList<float>> Weights)
    {
        public IReadOnlyList<double> Coherence { get; init; } = [];
        public double Mean { get; init; } = double.NaN;
    }

    private sealed class Row
    {
        public string Text { get; set; } = "";
    }

    private sealed class Output
    {
        [VectorType]
        public float[] Topics { get; set; } = [];
    }

    private static Model Fit(MLContext ml, IReadOnlyList<string[]> docs, int k, TopicOptions options)
    {
        // LightLDA's native sampler takes no seed (it restarts its own generator): the seed decides the order the posts are fed in.
        var order = Enumerable.Range(0, docs.Count).ToArray();
        new Random(options.Seed).Shuffle(order);
        var data = ml.Data.LoadFromEnumerable(order.Select(i => new Row { Text = string.Join(' ', docs[i]) }));
        var iterations = options.IterationsFor(docs.Sum(d => (long)d.Length));
        var pipeline = ml.Transforms.Text.TokenizeIntoWords("Tokens", "Text", [' '])
            .Append(ml.Transforms.Conversion.MapValueToKey("Keys", "Tokens"))
            .Append(ml.Transforms.Text.ProduceNgrams("Bag", "Keys", ngramLength: 1, useAllLengths: false,
                weighting: NgramExtractingEstimator.WeightingCriteria.Tf))
            .Append(ml.Transforms.Text.LatentDirichletAllocation("Topics", "Bag", numberOfTopics: k, alphaSum: (float)options.AlphaSum,
                beta: (float)options.Beta, samplingStepCount: options.SamplingSteps, maximumNumberOfIterations: iterations,
                likelihoodInterval: iterations + 1, numberOfThreads: 1, numberOfBurninIterations: options.BurninIterations,
                numberOfSummaryTermsPerTopic: Math.Max(options.TopTerms, 20), resetRandomGenerator: true));
        var weights = new IReadOnlyList<float>[docs.Count];
        var model = NativeOutput.Quiet(() =>
        {
            var fitted = pipeline.Fit(data);
            var j = 0;
            foreach (var o in ml.Data.CreateEnumerable<Output>(fitted.Transform(data), reuseRowObject: false))
                weights[order[j++]] = o.Topics;
            return fitted;
        });
        var details = model.LastTransformer.GetLdaDetails(0);
        var terms = details.WordScoresPerTopic
            .Select(topic => (IReadOnlyList<(string, double)>)topic
                .OrderByDescending(w => w.Score).ThenBy(w => w.Word, StringComparer.Ordinal)
                .Select(w => (w.Word, (double)w.Score)).ToList())
            .ToList();
        return new Model(k, terms, weights);
    }

    /// <summary>Mean normalised pointwise mutual information of the term pairs, over posts as contexts; −1 for a pair never together.</summary>
    internal static double Npmi(IReadOnlyList<string> terms, IReadOnlyList<HashSet<string>> documents)
    {
        if (terms.Count < 2) return double.NaN;
        var n = (double)documents.Count;
        double sum = 0;
        var pairs = 0;
        for (var i = 0; i < terms.Count; i++)
        for (var j = i + 1; j < terms.Count; j++)
        {
            int a = 0, b = 0, ab = 0;
            foreach (var d in documents)
            {
                var hasA = d.Contains(terms[i]);
                var hasB = d.Contains(terms[j]);
                if (hasA) a++;
                if (hasB) b++;
                if (hasA && hasB) ab++;
            }
            pairs++;
            if (ab == 0) { sum -= 1; continue; }
            var pab = ab / n;
            if (pab >= 1) { sum += 1; continue; }
            sum += Math.Log(pab / (a / n * (b / n))) / -Math.Log(pab);
        }
        return sum / pairs;
    }

    /// <summary>
    /// A first draft of a narrative query from a topic's top terms: a Russian stem of four letters or more as a wildcard
    /// (цен → its surface forms; бензин → бензин*), a Kazakh base or an English word as a word (the query language
    /// matches their inflected forms itself), a short Russian stem as the forms it was written in.
    /// </summary>
    public static string SuggestQuery(IEnumerable<string> terms, TopicText text)
    {
        var parts = new List<string>();
        foreach (var term in terms)
        {
            var surfaces = text.Surfaces(term);
            var display = surfaces[0];
            var russian = Portrayal.Text.TextFolding.IsCyrillic(term) && term != display && display.StartsWith(term, StringComparison.Ordinal)
                          && display.AsSpan().IndexOfAny("әғқңөұүһі") < 0;
            if (russian && term.Length >= 4) parts.Add(term + "*");
            else if (russian) parts.AddRange(surfaces.Take(3));
            else parts.Add(display == term || !display.StartsWith(term, StringComparison.Ordinal) ? display : term);
        }
        var distinct = parts.Select(Quote).Distinct(StringComparer.Ordinal).ToList();
        return distinct.Count == 1 ? distinct[0] : "(" + string.Join(" OR ", distinct) + ")";
    }

    /// <summary>Words the query language would read as operators or fields are quoted.</summary>
    private static string Quote(string word) =>
        word is "AND" or "OR" or "NOT" || word.StartsWith("NEAR", StringComparison.Ordinal) || word.Contains(':') ? $"\"{word.TrimEnd('*')}\"" : word;
}

/// <summary>Which stored posts topic discovery reads: the period's, optionally only those mentioning one actor, or in one language.</summary>
public static class TopicCorpus
{
    public static IReadOnlyList<TopicDocument> Read(ICorpusStore store, Codebook.Codebook? codebook, string? actor = null, string? lang = null,
        Func<Portrayal.Text.LanguageIdentifier>? languages = null)
    {
        HashSet<long>? withActor = null;
        if (actor is not null)
        {
            if (codebook is not null && codebook.Find(actor) is null)
                throw new InputError("TP003", "--actor", null,
                    $"actor '{actor}' is not in the codebook; its actors are {string.Join(", ", codebook.Actors.Select(a => a.Id))}.");
            if (store.LastRun() is null)
                throw new InputError("TP004", "--actor", null, "the posts mentioning an actor come from an analysis, and this store has none yet: run `portrayal run` first.");
            withActor = store.ReadMentions().Where(m => m.Mention.Actor == actor).Select(m => m.PostId).ToHashSet();
        }
        Portrayal.Text.LanguageIdentifier? identifier = null;
        var docs = new List<TopicDocument>();
        foreach (var stored in store.ReadPosts())
        {
            var p = stored.Post;
            if (codebook is not null && !codebook.InPeriod(p.PublishedAt)) continue;
            if (withActor is not null && !withActor.Contains(stored.Id)) continue;
            var postLang = p.Lang;
            if (postLang is null)
            {
                identifier ??= (languages ?? (() => new Portrayal.Text.LanguageIdentifier()))();
                postLang = identifier.Identify(p.Text);
            }
            if (lang is not null && !string.Equals(postLang, lang, StringComparison.OrdinalIgnoreCase)) continue;
            docs.Add(new TopicDocument(stored.Id, p.Platform, p.Account, p.AccountName, p.NativeId, p.PublishedAt, postLang, p.Text));
        }
        return docs;
    }
}
