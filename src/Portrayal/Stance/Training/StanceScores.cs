using Portrayal.Corpus;

namespace Portrayal.Stance.Training;

/// <summary>
/// A 3×3 confusion matrix (rows: the gold label, columns: the predicted one, in <see cref="StanceLabels.All"/> order)
/// and the figures read from it: accuracy, per-class precision / recall / F1, macro-F1 over the three classes, and
/// F1-PN, the mean F1 of positive and negative (RuSentNE-2023's measure).
/// </summary>
public sealed class StanceScores
{
    public int[,] Confusion { get; } = new int[3, 3];

    public void Add(string gold, string predicted) => Confusion[StanceLabels.IndexOf(gold), StanceLabels.IndexOf(predicted)]++;

    public int Count => Enumerable.Range(0, 3).Sum(i => Enumerable.Range(0, 3).Sum(j => Confusion[i, j]));
    public double Accuracy => Count == 0 ? double.NaN : Enumerable.Range(0, 3).Sum(i => Confusion[i, i]) / (double)Count;
    public int Support(int label) => Enumerable.Range(0, 3).Sum(j => Confusion[label, j]);

    public double Precision(int label)
    {
        var column = Enumerable.Range(0, 3).Sum(i => Confusion[i, label]);
        return column == 0 ? 0 : Confusion[label, label] / (double)column;
    }

    public double Recall(int label)
    {
        var row = Support(label);
        return row == 0 ? 0 : Confusion[label, label] / (double)row;
    }

    public double F1(int label)
    {
        var (p, r) = (Precision(label), Recall(label));
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double MacroF1 => Enumerable.Range(0, 3).Average(F1);
    public double F1PN => (F1(0) + F1(2)) / 2;

    public static StanceScores Of(IEnumerable<(string Gold, string Predicted)> pairs)
    {
        var s = new StanceScores();
        foreach (var (g, p) in pairs) s.Add(g, p);
        return s;
    }
}
