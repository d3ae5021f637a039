namespace Portrayal.Statistics;

/// <summary>The test <see cref="ContingencyAnalysis"/> used.</summary>
public enum ContingencyTestKind
{
    /// <summary>No test: after dropping empty rows and columns fewer than two of either remained.</summary>
    None,
    ChiSquare,
    FisherExact,
    FreemanHaltonExact,
    FreemanHaltonMonteCarlo,
}

/// <summary>Settings of <see cref="ContingencyAnalysis.Analyse"/>, with their defaults.</summary>
/// <param name="MinExpected">Chi-square is used only when every expected count is at least this (default 5, the textbook rule).</param>
/// <param name="ResidualCutoff">A cell "drives" the difference when its adjusted residual exceeds this in absolute value (default 1.96, two-sided 5%).</param>
/// <param name="Replicates">Monte Carlo tables when the exact enumeration is too large (default 10,000).</param>
/// <param name="Seed">Seed of the Monte Carlo generator.</param>
/// <param name="MaxExactSteps">Work limit of the exact r×c enumeration before falling back to Monte Carlo.</param>
public sealed record ContingencyOptions(
    double MinExpected = 5,
    double ResidualCutoff = 1.96,
    int Replicates = Contingency.DefaultReplicates,
    int Seed = Contingency.DefaultSeed,
    long MaxExactSteps = Contingency.DefaultMaxExactSteps);

/// <summary>A cell whose adjusted standardized residual is beyond the cutoff: more (positive) or fewer (negative) units than independence predicts.</summary>
public sealed record DrivingCell(string Row, string Column, int Observed, double Expected, double Residual);

/// <summary>
/// The result of <see cref="ContingencyAnalysis.Analyse"/>: the table that was tested (empty rows and columns dropped and
/// named), the test used, its p-value, the chi-square quantities (computed for every table of at least 2×2, also when an
/// exact test decides the p-value, since Cramér's V and the residuals describe the table either way), the cells that drive
/// the difference, and <see cref="Method"/>, a sentence saying which test was used and why, with its figures.
/// </summary>
public sealed record ContingencyResult(
    IReadOnlyList<string> RowLabels,
    IReadOnlyList<string> ColumnLabels,
    int[,] Counts,
    int Total,
    IReadOnlyList<string> DroppedRows,
    IReadOnlyList<string> DroppedColumns,
    ContingencyTestKind Test,
    double PValue,
    ChiSquareTest? ChiSquare,
    ExactTest? Exact,
    IReadOnlyList<DrivingCell> DrivingCells,
    string Method);

/// <summary>
/// Tests whether the distribution over columns (e.g. stance labels) differs between rows (e.g. platforms) and picks the test
/// as a statistician would: Pearson's chi-square when every expected count is at least 5, otherwise an exact test (Fisher
/// for 2×2; Fisher–Freeman–Halton for larger tables, enumerated exactly when small enough, else by seeded Monte Carlo).
/// Empty rows and columns are dropped first (they carry no information and would give expected counts of 0).
/// </summary>
public static class ContingencyAnalysis
{
    public static ContingencyResult Analyse(int[,] table, IReadOnlyList<string> rowLabels, IReadOnlyList<string> columnLabels, ContingencyOptions? options = null)
    {
        options ??= new ContingencyOptions();
        ArgumentNullException.ThrowIfNull(rowLabels);
        ArgumentNullException.ThrowIfNull(columnLabels);
        if (rowLabels.Count != table.GetLength(0) || columnLabels.Count != table.GetLength(1))
            throw new ArgumentException($"The table is {table.GetLength(0)}×{table.GetLength(1)} but has {rowLabels.Count} row and {columnLabels.Count} column labels.");
        var (rows, cols, n) = Contingency.Margins(table);
        var keepRows = Enumerable.Range(0, rows.Length).Where(i => rows[i] > 0).ToArray();
        var keepCols = Enumerable.Range(0, cols.Length).Where(j => cols[j] > 0).ToArray();
        var counts = new int[keepRows.Length, keepCols.Length];
        for (var i = 0; i < keepRows.Length; i++)
        for (var j = 0; j < keepCols.Length; j++)
            counts[i, j] = table[keepRows[i], keepCols[j]];
        var rowNames = keepRows.Select(i => rowLabels[i]).ToList();
        var colNames = keepCols.Select(j => columnLabels[j]).ToList();
        var droppedRows = Enumerable.Range(0, rows.Length).Where(i => rows[i] == 0).Select(i => rowLabels[i]).ToList();
        var droppedCols = Enumerable.Range(0, cols.Length).Where(j => cols[j] == 0).Select(j => columnLabels[j]).ToList();
        var dropped = Dropped(droppedRows, droppedCols);

        if (keepRows.Length < 2 || keepCols.Length < 2)
        {
            var what = n == 0 ? "the table has no units"
                : keepRows.Length < 2 ? $"only one row ({rowNames[0]}) has units"
                : $"only one column ({colNames[0]}) has units";
            var method = $"No test of independence: {what}{dropped}.";
            return new ContingencyResult(rowNames, colNames, counts, n, droppedRows, droppedCols, ContingencyTestKind.None, double.NaN, null, null, [], method);
        }

        var chi = Contingency.ChiSquare(counts);
        var cells = new List<DrivingCell>();
        for (var i = 0; i < rowNames.Count; i++)
        for (var j = 0; j < colNames.Count; j++)
            if (Math.Abs(chi.StandardizedResiduals[i, j]) > options.ResidualCutoff)
                cells.Add(new DrivingCell(rowNames[i], colNames[j], counts[i, j], chi.Expected[i, j], chi.StandardizedResiduals[i, j]));
        cells = cells.OrderByDescending(c => Math.Abs(c.Residual)).ThenBy(c => rowNames.IndexOf(c.Row)).ThenBy(c => colNames.IndexOf(c.Column)).ToList();

        var v = $"Cramér's V = {StatFormat.Fixed(chi.CramersV, 2)}";
        var cellCount = rowNames.Count * colNames.Count;
        var below = chi.ExpectedBelow(options.MinExpected);
        var smallest = StatFormat.Fixed(chi.MinExpected, 1);
        var threshold = StatFormat.Fixed(options.MinExpected, 0);
        if (below == 0)
        {
            var method = $"Pearson's chi-square test: χ²({chi.DegreesOfFreedom}, n = {StatFormat.Count(n)}) = {StatFormat.Fixed(chi.Statistic, 2)}, " +
                         $"{StatFormat.P(chi.PValue)}, {v}; chi-square was used because every expected count is at least {threshold} " +
                         $"(the smallest is {smallest}){dropped}.";
            return new ContingencyResult(rowNames, colNames, counts, n, droppedRows, droppedCols, ContingencyTestKind.ChiSquare, chi.PValue, chi, null, cells, method);
        }

        var exact = Contingency.Exact(counts, options.Replicates, options.Seed, options.MaxExactSteps);
        var why = $"{below} of the {cellCount} expected counts are below {threshold} (the smallest is {smallest}), too few for the chi-square approximation";
        var (kind, name) = exact.Method switch
        {
            ExactMethod.Fisher2x2 => (ContingencyTestKind.FisherExact, "Fisher's exact test (two-sided)"),
            ExactMethod.FreemanHaltonExact => (ContingencyTestKind.FreemanHaltonExact, "Fisher–Freeman–Halton exact test (every table with the same margins enumerated)"),
            _ => (ContingencyTestKind.FreemanHaltonMonteCarlo,
                $"Fisher–Freeman–Halton exact test by Monte Carlo ({StatFormat.Count(exact.Replicates)} random tables with the same margins, seed {exact.Seed})"),
        };
        if (kind == ContingencyTestKind.FreemanHaltonMonteCarlo) why += ", and the table is too large to enumerate every table";
        var sentence = $"{name}: n = {StatFormat.Count(n)}, {StatFormat.P(exact.PValue)}, {v}; an exact test was used because {why}{dropped}.";
        return new ContingencyResult(rowNames, colNames, counts, n, droppedRows, droppedCols, kind, exact.PValue, chi, exact, cells, sentence);
    }

    private static string Dropped(List<string> rows, List<string> cols)
    {
        var parts = new List<string>();
        if (rows.Count > 0) parts.Add($"{string.Join(", ", rows)} (no units)");
        if (cols.Count > 0) parts.Add($"{string.Join(", ", cols)} (no units)");
        return parts.Count == 0 ? "" : "; left out: " + string.Join("; ", parts);
    }
}
