using Portrayal.Corpus;
using Portrayal.Mentions;
using Portrayal.Stance;
using Portrayal.Stance.Training;
using Portrayal.Text;

namespace Portrayal.Coding;

/// <summary>
/// A workspace's agreed human codes (coded.csv) as labelled units with their posts' texts and mentions: what
/// `portrayal eval stance --workspace` scores a classifier on, and what `portrayal train --workspace` adds to its data.
/// </summary>
public sealed record CodedUnit(string Platform, string Account, string PostId, string Actor, string Label, string Text, string Lang, IReadOnlyList<Mention> Mentions)
{
    public IReadOnlyList<Mention> Targets => Mentions.Where(m => m.Actor == Actor).ToList();

    /// <summary>The unit as a training example toward the actor's first mention.</summary>
    public StanceExample AsExample()
    {
        var first = Targets[0];
        return new StanceExample($"{Platform}/{Account}/{PostId}/{Actor}", Text, first.Start, first.End, Lang, Label, null, Actor);
    }

    /// <summary>The agreed units of <paramref name="codedPath"/> whose post is in the store and mentions the unit's actor.</summary>
    public static List<CodedUnit> Load(ICorpusStore store, Codebook.Codebook codebook, string codedPath)
    {
        var coded = CodedSample.Load(codedPath)
            ?? throw new InputError("CS003", codedPath, null, "the workspace has no coded.csv.");
        var matcher = new AliasMatcher(codebook);
        var languages = new LanguageIdentifier();
        var wanted = coded.Reference.Keys.Select(k => (k.Platform, k.Account, k.PostId)).ToHashSet();
        var units = new List<CodedUnit>();
        foreach (var stored in store.ReadPosts())
        {
            var p = stored.Post;
            if (!wanted.Contains((p.Platform, p.Account, p.NativeId))) continue;
            var mentions = matcher.Find(p.Text);
            var lang = p.Lang ?? languages.Identify(p.Text);
            foreach (var actor in mentions.Select(m => m.Actor).Distinct())
                if (coded.Reference.TryGetValue((p.Platform, p.Account, p.NativeId, actor), out var label))
                    units.Add(new CodedUnit(p.Platform, p.Account, p.NativeId, actor, label, p.Text, lang, mentions));
        }
        return units.OrderBy(u => (u.Platform, u.Account, u.PostId, u.Actor)).ToList();
    }

    /// <summary>Classifies the unit toward all of its actor's mentions, as `run` does.</summary>
    public static StanceResult Classify(IStanceClassifier classifier, CodedUnit unit) =>
        classifier.Classify(new StanceDocument(unit.Text, unit.Lang, unit.Mentions), unit.Targets);
}
