namespace Portrayal.Tests.Support;

/// <summary>Runs the real command line in-process and returns what it printed; use from the "Console" collection only.</summary>
public static class CliRunner
{
    public static (int Exit, string Out, string Err) Run(params string[] args)
    {
        var (previousOut, previousErr) = (Console.Out, Console.Error);
        var (output, error) = (new StringWriter(), new StringWriter());
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            return (Portrayal.Cli.Program.Main(args), output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(previousOut);
            Console.SetError(previousErr);
        }
    }
}

/// <summary>Workspaces for command-line tests.</summary>
public static class SampleWorkspace
{
    /// <summary>A copy of the sample workspace without its coded.csv, analysed by `portrayal run` (use from the "Console" collection).</summary>
    public static TempDir Analysed()
    {
        var tmp = new TempDir();
        File.Copy(Paths.SampleCodebook, tmp.File("codebook.yaml"));
        Paths.CopyTree(Path.Combine(Paths.Sample, "data"), tmp.File("data"));
        var (exit, _, err) = CliRunner.Run("run", tmp.Path, "--out", tmp.File("out"));
        if (exit != 0) throw new InvalidOperationException("run failed: " + err);
        return tmp;
    }
}
