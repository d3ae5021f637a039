namespace Portrayal.Statistics;

/// <summary>
/// The exact Fisher–Freeman–Halton p-value by enumerating the tables with the observed margins, column by column.
/// A table's probability given its margins is exp(K − S) with K = Σ ln rᵢ! + Σ ln cⱼ! − ln n! and S = Σ ln nᵢⱼ!, so a table
/// is "no more probable than the observed" when its S is at least the observed S (less the tolerance).
/// Partial tables (the first k columns filled) that leave the same multiset of remaining row totals reach the same node and
/// share all completions; at each node, bounds on the completions' S settle whole branches at once: if even the smallest
/// completion counts, the branch adds its total probability in closed form (Σ over completions of exp(−S) =
/// n'! / (Π r'ᵢ! Π c'ⱼ!)); if even the largest does not, it is dropped. This is the idea of Mehta &amp; Patel's network
/// algorithm (1983, <i>JASA</i> 78:427), with simpler bounds (each column, and each row, on its own).
/// </summary>
internal static class NetworkEnumeration
{
    private const double Margin = 1e-9;

    public static double? PValue(int[,] table, double tolerance, long maxSteps)
    {
        var t = Compact(table);
        var r = t.GetLength(0);
        var c = t.GetLength(1);
        if (r < 2 || c < 2) return 1;
        var (rows, cols, n) = Contingency.Margins(t);
        var lnf = Contingency.LogFactorials(n);
        var threshold = Contingency.SumLogFactorials(t, lnf) - tolerance;
        var constant = rows.Sum(x => lnf[x]) + cols.Sum(x => lnf[x]) - lnf[n];

        // Columns in ascending order of total, so the largest is the last, which is determined and never branched on.
        var colSums = cols.Order().ToArray();
        var lnfColsFrom = new double[c + 1];
        var totalFrom = new int[c + 1];
        for (var j = c - 1; j >= 0; j--)
        {
            lnfColsFrom[j] = lnfColsFrom[j + 1] + lnf[colSums[j]];
            totalFrom[j] = totalFrom[j + 1] + colSums[j];
        }

        var stage = new Dictionary<Node, List<Past>> { [new Node(rows.Order().ToArray())] = [new Past(0, 1)] };
        var p = 0.0;
        long steps = 0;
        var x = new int[r];
        for (var k = 0; k < c - 1; k++)
        {
            var last = k == c - 2;
            var next = new Dictionary<Node, List<Past>>();
            foreach (var (node, pasts) in stage)
            {
                // A node costs a step too: tables with large totals have many nodes with few partial tables each.
                if (++steps > maxSteps) return null;
                var rem = node.Rows;
                var remLnf = 0.0;
                foreach (var v in rem) remLnf += lnf[v];
                var (minS, maxS) = Bounds(rem, colSums, k, lnf);
                var logAllCompletions = lnf[totalFrom[k]] - remLnf - lnfColsFrom[k];
                var open = new List<Past>();
                foreach (var past in Merge(pasts))
                {
                    if (past.S + minS >= threshold + Margin) p += past.Weight * Math.Exp(constant - past.S + logAllCompletions);
                    else if (past.S + maxS >= threshold - Margin) open.Add(past);
                }
                if (open.Count == 0) continue;

                if (last && open.Count <= 4)
                {
                    // Two columns left and few partial tables: walk the completions once, checking each partial table.
                    var withinBudget = EnumerateColumn(rem, x, 0, colSums[k], () =>
                    {
                        steps += open.Count;
                        if (steps > maxSteps) return false;
                        var sComp = 0.0;
                        for (var i = 0; i < r; i++) sComp += lnf[x[i]] + lnf[rem[i] - x[i]];
                        foreach (var past in open)
                            if (past.S + sComp >= threshold) p += past.Weight * Math.Exp(constant - past.S - sComp);
                        return true;
                    });
                    if (!withinBudget) return null;
                    continue;
                }

                if (last)
                {
                    // Two columns left and many partial tables: column k decides the last one, so list the completions' S once,
                    // sorted, and settle every partial table with a binary search instead of walking the completions for each.
                    var completions = new List<double>();
                    var withinBudget = EnumerateColumn(rem, x, 0, colSums[k], () =>
                    {
                        if (++steps > maxSteps) return false;
                        var sComp = 0.0;
                        for (var i = 0; i < r; i++) sComp += lnf[x[i]] + lnf[rem[i] - x[i]];
                        completions.Add(sComp);
                        return true;
                    });
                    if (!withinBudget) return null;
                    completions.Sort((a, b) => b.CompareTo(a)); // most extreme (largest S, least probable) first
                    var smallest = completions[^1];
                    var cumulative = new double[completions.Count + 1];
                    for (var i = 0; i < completions.Count; i++) cumulative[i + 1] = cumulative[i] + Math.Exp(smallest - completions[i]);
                    foreach (var past in open)
                    {
                        steps++;
                        var counted = CountAtLeast(completions, threshold - past.S);
                        if (counted > 0) p += past.Weight * Math.Exp(constant - past.S - smallest) * cumulative[counted];
                    }
                    continue;
                }

                var budgetExceeded = false;
                EnumerateColumn(rem, x, 0, colSums[k], () =>
                {
                    steps += open.Count;
                    if (steps > maxSteps)
                    {
                        budgetExceeded = true;
                        return false;
                    }
                    var sx = 0.0;
                    var child = new int[r];
                    for (var i = 0; i < r; i++)
                    {
                        sx += lnf[x[i]];
                        child[i] = rem[i] - x[i];
                    }
                    Array.Sort(child);
                    var key = new Node(child);
                    if (!next.TryGetValue(key, out var childPasts)) next[key] = childPasts = new List<Past>(open.Count);
                    foreach (var past in open) childPasts.Add(new Past(past.S + sx, past.Weight));
                    return true;
                });
                if (budgetExceeded) return null;
            }
            stage = next;
        }
        return Math.Min(1, p);
    }

    /// <summary>Partial tables reaching a node with the same S (within 1e-9) share every completion: merged by adding their weights.</summary>
    private static List<Past> Merge(List<Past> pasts)
    {
        if (pasts.Count < 2) return pasts;
        pasts.Sort((a, b) => a.S.CompareTo(b.S));
        var merged = new List<Past>(pasts.Count) { pasts[0] };
        for (var i = 1; i < pasts.Count; i++)
        {
            var last = merged[^1];
            if (pasts[i].S - last.S <= 1e-9 * Math.Max(1, Math.Abs(last.S))) merged[^1] = last with { Weight = last.Weight + pasts[i].Weight };
            else merged.Add(pasts[i]);
        }
        return merged;
    }

    /// <summary>How many of the descending <paramref name="values"/> are at least <paramref name="limit"/>.</summary>
    private static int CountAtLeast(List<double> values, double limit)
    {
        int lo = 0, hi = values.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (values[mid] >= limit) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Calls <paramref name="visit"/> for every column vector x with Σx = <paramref name="left"/> and 0 ≤ xᵢ ≤ capsᵢ (filling from row <paramref name="i"/>); stops when it returns false.</summary>
    private static bool EnumerateColumn(int[] caps, int[] x, int i, int left, Func<bool> visit)
    {
        if (i == caps.Length - 1)
        {
            if (left > caps[i]) return true;
            x[i] = left;
            return visit();
        }
        var restCapacity = 0;
        for (var j = i + 1; j < caps.Length; j++) restCapacity += caps[j];
        for (var v = Math.Max(0, left - restCapacity); v <= Math.Min(caps[i], left); v++)
        {
            x[i] = v;
            if (!EnumerateColumn(caps, x, i + 1, left - v, visit)) return false;
        }
        return true;
    }

    /// <summary>
    /// Bounds on S = Σ ln nᵢⱼ! over the completions of a node (remaining row totals <paramref name="rows"/>, remaining column
    /// totals <paramref name="cols"/> from <paramref name="fromCol"/> on, both ascending). Each bound relaxes the problem to one column (or one row) at a time,
    /// keeping only its total and the caps set by the other margin: S is smallest when a column is spread as evenly as the
    /// caps allow and largest when it is piled into the largest caps (ln x! is convex), and the relaxed optimum bounds the
    /// coupled one. Both the column-wise and the row-wise relaxations are valid, so the tighter of the two is kept.
    /// </summary>
    internal static (double Min, double Max) Bounds(int[] rows, int[] cols, int fromCol, double[] lnf)
    {
        double minByCols = 0, maxByCols = 0, minByRows = 0, maxByRows = 0;
        var remainingCols = new ReadOnlySpan<int>(cols, fromCol, cols.Length - fromCol);
        foreach (var total in remainingCols)
        {
            minByCols += Even(total, rows, lnf);
            maxByCols += Piled(total, rows, lnf);
        }
        foreach (var total in rows)
        {
            minByRows += Even(total, remainingCols, lnf);
            maxByRows += Piled(total, remainingCols, lnf);
        }
        return (Math.Max(minByCols, minByRows), Math.Min(maxByCols, maxByRows));
    }

    /// <summary>Smallest Σ ln xᵢ! with Σ xᵢ = total and 0 ≤ xᵢ ≤ capsᵢ (caps ascending): fill to the caps that are below the even share, share the rest evenly.</summary>
    private static double Even(int total, ReadOnlySpan<int> capsAscending, double[] lnf)
    {
        var s = 0.0;
        var left = total;
        for (var i = 0; i < capsAscending.Length; i++)
        {
            var vars = capsAscending.Length - i;
            if (capsAscending[i] <= left / vars)
            {
                s += lnf[capsAscending[i]];
                left -= capsAscending[i];
                continue;
            }
            var q = left / vars;
            var extra = left % vars;
            return s + extra * lnf[q + 1] + (vars - extra) * lnf[q];
        }
        return s;
    }

    /// <summary>Largest Σ ln xᵢ! with Σ xᵢ = total and 0 ≤ xᵢ ≤ capsᵢ (caps ascending): pile into the largest caps first.</summary>
    private static double Piled(int total, ReadOnlySpan<int> capsAscending, double[] lnf)
    {
        var s = 0.0;
        var left = total;
        for (var i = capsAscending.Length - 1; i >= 0 && left > 0; i--)
        {
            var v = Math.Min(capsAscending[i], left);
            s += lnf[v];
            left -= v;
        }
        return s;
    }

    /// <summary>The table without empty rows and columns, turned so that the rows are the shorter side (the nodes are row-total vectors).</summary>
    private static int[,] Compact(int[,] table)
    {
        var (rows, cols, _) = Contingency.Margins(table);
        var keepRows = Enumerable.Range(0, rows.Length).Where(i => rows[i] > 0).ToArray();
        var keepCols = Enumerable.Range(0, cols.Length).Where(j => cols[j] > 0).ToArray();
        var transpose = keepRows.Length > keepCols.Length;
        var r = transpose ? keepCols.Length : keepRows.Length;
        var c = transpose ? keepRows.Length : keepCols.Length;
        var t = new int[r, c];
        for (var i = 0; i < keepRows.Length; i++)
        for (var j = 0; j < keepCols.Length; j++)
        {
            if (transpose) t[j, i] = table[keepRows[i], keepCols[j]];
            else t[i, j] = table[keepRows[i], keepCols[j]];
        }
        return t;
    }

    private readonly record struct Past(double S, double Weight);

    /// <summary>Remaining row totals, sorted (rows with equal totals are interchangeable for the completions).</summary>
    private readonly struct Node(int[] rows) : IEquatable<Node>
    {
        private readonly int _hash = Hash(rows);
        public int[] Rows { get; } = rows;

        public bool Equals(Node other) => _hash == other._hash && Rows.AsSpan().SequenceEqual(other.Rows);
        public override bool Equals(object? obj) => obj is Node other && Equals(other);
        public override int GetHashCode() => _hash;

        private static int Hash(int[] rows)
        {
            var h = new HashCode();
            foreach (var v in rows) h.Add(v);
            return h.ToHashCode();
        }
    }
}
