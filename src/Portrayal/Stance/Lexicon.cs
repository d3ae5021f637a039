using System.Globalization;
using System.Reflection;
using Portrayal.Corpus;
using Portrayal.Text;
using YamlDotNet.RepresentationModel;

namespace Portrayal.Stance;

/// <summary>One cue: word prefixes in a row with a weight (negative … positive) and a category.</summary>
public sealed record Cue(string[] Prefixes, double Weight, string Category, string Text);

/// <summary>The cue lexicon and function words of one language, loaded from a YAML data file.</summary>
public sealed class Lexicon
{
    public required string Language { get; init; }
    public required IReadOnlyList<Cue> Cues { get; init; }
    public required HashSet<string> Negators { get; init; }
    public required HashSet<string> NegatorsAfter { get; init; }
    public required string[] VerbNegationSuffixes { get; init; }
    public required IReadOnlyList<string[]> Contrast { get; init; }
    public required HashSet<string> Intensifiers { get; init; }
    public required IReadOnlyList<string[]> ReportedSpeech { get; init; }

    public static IReadOnlyList<string> BuiltIn { get; } = ["ru", "kk", "en"];

    /// <summary>SHA-256 over the built-in lexicon files: a trained model records it, as its lexicon features depend on them.</summary>
    public static string BuiltInHash { get; } = ComputeBuiltInHash();

    private static string ComputeBuiltInHash()
    {
        using var sha = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (var language in BuiltIn)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Portrayal.Stance.Lexicons.{language}.yaml")!;
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            sha.AppendData(buffer.ToArray());
        }
        return Convert.ToHexStringLower(sha.GetHashAndReset());
    }

    /// <summary>Loads a built-in lexicon shipped inside the library.</summary>
    public static Lexicon LoadBuiltIn(string language)
    {
        var name = $"Portrayal.Stance.Lexicons.{language}.yaml";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"built-in lexicon {name} is missing from the build");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), $"(built-in) {language}.yaml");
    }

    public static Lexicon Parse(string yaml, string file)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlDotNet.Core.YamlException e)
        {
            throw new InputError("LX001", file, $"line {e.Start.Line}", $"not valid YAML: {e.Message}", e);
        }
        var root = (YamlMappingNode)stream.Documents[0].RootNode;
        List<string> List(string key) =>
            root.Children.TryGetValue(new YamlScalarNode(key), out var n) && n is YamlSequenceNode seq
                ? seq.Select(x => TextFolding.Fold(((YamlScalarNode)x).Value ?? "")).ToList()
                : [];
        string[] Words(string phrase) => Tokenizer.Words(phrase).Select(w => w.Folded).ToArray();

        var cues = new List<Cue>();
        if (root.Children.TryGetValue(new YamlScalarNode("cues"), out var cueNode) && cueNode is YamlSequenceNode cueList)
        {
            foreach (var item in cueList.OfType<YamlMappingNode>())
            {
                string Get(string k) => item.Children.TryGetValue(new YamlScalarNode(k), out var v) ? ((YamlScalarNode)v).Value ?? "" : "";
                var text = Get("cue");
                if (!double.TryParse(Get("weight"), NumberStyles.Float, CultureInfo.InvariantCulture, out var weight))
                    throw new InputError("LX002", file, $"line {item.Start.Line}", $"cue '{text}' has no numeric weight.");
                cues.Add(new Cue(Words(text), weight, Get("category"), text));
            }
        }
        var language = root.Children.TryGetValue(new YamlScalarNode("language"), out var l) ? ((YamlScalarNode)l).Value ?? "" : "";
        // Kazakh is also written in the Latin alphabet of 2021 (Resei, kömek, joq): every Cyrillic entry gets its Latin spelling too
        var latin = language == LanguageIdentifier.Kazakh;
        string[] Latin(IEnumerable<string> words) =>
            latin ? words.Concat(words.Where(TextFolding.IsCyrillic).Select(KazakhLatin.Folded)).Distinct().ToArray() : words.ToArray();
        List<string[]> LatinPhrases(List<string[]> phrases) =>
            latin ? phrases.Concat(phrases.Where(p => p.Any(TextFolding.IsCyrillic)).Select(p => p.Select(KazakhLatin.Folded).ToArray())).ToList() : phrases;
        if (latin)
            cues.AddRange(cues.Where(c => c.Prefixes.Any(TextFolding.IsCyrillic))
                .Select(c => c with { Prefixes = c.Prefixes.Select(KazakhLatin.Folded).ToArray(), Text = KazakhLatin.Transliterate(c.Text) }).ToList());
        return new Lexicon
        {
            Language = language,
            Cues = cues,
            Negators = Latin(List("negators")).ToHashSet(),
            NegatorsAfter = Latin(List("negators_after")).ToHashSet(),
            VerbNegationSuffixes = Latin(List("verb_negation_suffixes")),
            Contrast = LatinPhrases(List("contrast").Select(Words).ToList()),
            Intensifiers = Latin(List("intensifiers")).ToHashSet(),
            ReportedSpeech = LatinPhrases(List("reported_speech").Select(Words).ToList()),
        };
    }
}
