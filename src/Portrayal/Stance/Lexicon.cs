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
        return new Lexicon
        {
            Language = root.Children.TryGetValue(new YamlScalarNode("language"), out var l) ? ((YamlScalarNode)l).Value ?? "" : "",
            Cues = cues,
            Negators = List("negators").ToHashSet(),
            NegatorsAfter = List("negators_after").ToHashSet(),
            VerbNegationSuffixes = List("verb_negation_suffixes").ToArray(),
            Contrast = List("contrast").Select(Words).ToList(),
            Intensifiers = List("intensifiers").ToHashSet(),
            ReportedSpeech = List("reported_speech").Select(Words).ToList(),
        };
    }
}
