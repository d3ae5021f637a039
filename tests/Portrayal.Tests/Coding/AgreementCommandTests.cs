using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Coding;

/// <summary>`portrayal agreement` and `portrayal validate` through the real command line on the bundled sample.</summary>
[Collection("Console")]
public class AgreementCommandTests
{
    [Fact]
    public void Agreement_on_the_samples_coded_csv_prints_alpha_kappa_and_the_units_to_adjudicate()
    {
        var (exit, output, err) = CliRunner.Run("agreement", "--workspace", Paths.Sample, "--format", "csv");
        Assert.True(exit == 0, err);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("variable,statistic,coders,value,low,high,units,pairable_values", lines[0]);
        // 198 units coded by both aigerim and dmitry, 26 of them differently.
        Assert.StartsWith("stance,alpha_nominal,all,0.799,", lines[1]);
        Assert.EndsWith(",198,396", lines[1]);
        Assert.StartsWith("stance,alpha_ordinal,all,0.865,", lines[2]);
        Assert.StartsWith("stance,cohen_kappa,aigerim+dmitry,0.799,", lines[3]);

        var table = CliRunner.Run("agreement", "--workspace", Paths.Sample, "--show", "2");
        Assert.Equal(0, table.Exit);
        Assert.Contains("26 units to adjudicate (first 2", table.Out);
        Assert.Contains("instagram/almaty_kunde/CYafYMaC-Bo/russia: aigerim=positive, dmitry=neutral", table.Out);
    }

    [Fact]
    public void Agreement_reads_long_form_input_and_names_the_line_of_a_bad_row()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("codes.csv"), "unit,coder,variable,value\n1,a,tone,1\n1,b,tone,1\n2,a,tone,2\n2,b,tone,2\n3,a,tone,3\n3,b,tone,3\n");
        var good = CliRunner.Run("agreement", "--in", tmp.File("codes.csv"), "--format", "csv");
        Assert.Equal(0, good.Exit);
        Assert.Contains("tone,alpha_nominal,all,1.000,", good.Out);

        File.AppendAllText(tmp.File("codes.csv"), "3,a,tone,2\n");
        var bad = CliRunner.Run("agreement", "--in", tmp.File("codes.csv"));
        Assert.Equal(2, bad.Exit);
        Assert.Contains("codes.csv (line 8)", bad.Err);
        Assert.Contains("[AG004]", bad.Err);
    }

    [Fact]
    public void Validate_scores_the_classifier_overall_per_language_and_per_platform()
    {
        using var tmp = new TempDir();
        File.Copy(Paths.SampleCodebook, tmp.File("codebook.yaml"));
        File.Copy(Path.Combine(Paths.Sample, "coded.csv"), tmp.File("coded.csv"));
        Paths.CopyTree(Path.Combine(Paths.Sample, "data"), tmp.File("data"));
        Assert.Equal(0, CliRunner.Run("run", tmp.Path, "--out", tmp.File("out")).Exit);

        var (exit, output, err) = CliRunner.Run("validate", "--workspace", tmp.Path);
        Assert.True(exit == 0, err);
        Assert.Contains("172 of 172 agreed units matched", output);
        Assert.Contains("26 units the coders disagree on left out", output);
        Assert.Contains("By language", output);
        Assert.Contains("│ kk ", output);
        Assert.Contains("By platform", output);
        Assert.Contains("│ youtube ", output);
    }
}
