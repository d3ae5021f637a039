using System.CommandLine;
using Portrayal.Coding;
using Portrayal.Pipeline;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal sheet import sheet.csv|xlsx|export.json [--workspace DIR]`: filled codes into the workspace's coded.csv.</summary>
public static class SheetCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var file = new Argument<string>("sheet") { Description = "A filled coding sheet (.csv or .xlsx) from `portrayal sample`, or Label Studio's JSON export (.json) of its tasks." };
        var import = new Command("import", "Append the sheet's (or Label Studio export's) filled codes to the workspace's coded.csv; the same unit and coder replaces its earlier code.")
        {
            workspace, file,
        };
        import.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!);
            var coded = Path.Combine(ws.Directory, CodedSample.FileName);
            var (added, replaced, unfilled) = CodingSheet.Import(parse.GetValue(file)!, coded);
            Console.Out.WriteLine($"{added} codes added, {replaced} changed, {unfilled} rows without a stance left for later: {coded}");
            return 0;
        }));
        return new Command("sheet", "Coding sheets: import the filled codes.") { import };
    }
}
