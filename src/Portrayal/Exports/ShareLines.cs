using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Portrayal.Corpus;
using Portrayal.Tables;

namespace Portrayal.Exports;

/// <summary>A share with its 95% interval.</summary>
public sealed record ShareInterval(
    [property: JsonPropertyName("share")] double Share,
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High);

/// <summary>A validated share, the drawn codes behind it and the method.</summary>
public sealed record ValidatedInterval(
    [property: JsonPropertyName("share")] double Share,
    [property: JsonPropertyName("low")] double Low,
    [property: JsonPropertyName("high")] double High,
    [property: JsonPropertyName("coded")] int Coded,
    [property: JsonPropertyName("method")] string Method);

/// <summary>
/// One actor's share of one label in one scope, the classifier's and the validated one: the line of `portrayal shares
/// --format jsonl` (a stable format: fields may be added, none removed or renamed) and the row of validated.csv.
/// </summary>
public sealed record ShareLine(
    [property: JsonPropertyName("actor")] string Actor,
    [property: JsonPropertyName("scope")] string Scope,
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("label")] string Label,
    [property: JsonPropertyName("n")] int N,
    [property: JsonPropertyName("classifier")] ShareInterval Classifier,
    [property: JsonPropertyName("validated")] ValidatedInterval? Validated)
{
    private static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static readonly JsonSerializerOptions Json = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static readonly IReadOnlyList<string> CsvHeader =
    [
        "actor", "scope", "value", "label", "n", "classifier_share", "classifier_low", "classifier_high",
        "validated_share", "validated_low", "validated_high", "coded", "method",
    ];

    public string?[] CsvRow() =>
    [
        Actor, Scope, Value ?? "", Label, N.ToString(C), D(Classifier.Share), D(Classifier.Low), D(Classifier.High),
        Validated is { } v ? D(v.Share) : "", Validated is { } l ? D(l.Low) : "", Validated is { } h ? D(h.High) : "",
        Validated?.Coded.ToString(C) ?? "", Validated?.Method ?? "",
    ];

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static double R(double x) => Math.Round(x, 4, MidpointRounding.AwayFromZero);
    private static string D(double x) => x.ToString("0.####", C);

    /// <summary>Every (actor, scope, label) of the results, in the actors' and scopes' order.</summary>
    public static IEnumerable<ShareLine> Of(ValidationResults results)
    {
        foreach (var s in results.Scopes)
            for (var i = 0; i < StanceLabels.All.Count; i++)
            {
                var c = s.Classifier(i);
                var v = s.Validated?.Shares[i];
                yield return new ShareLine(s.Actor, s.Scope, s.Value, StanceLabels.All[i], s.Units, new ShareInterval(R(c.Share), R(c.Low), R(c.High)),
                    v is null ? null : new ValidatedInterval(R(v.Share), R(v.Low), R(v.High), s.Validated!.Coded, s.Validated.Method));
            }
    }
}
