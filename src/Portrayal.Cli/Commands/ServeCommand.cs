using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Web;

namespace Portrayal.Cli.Commands;

/// <summary>`portrayal serve [--workspace DIR] [--sheet coding-sheet.csv] [--host 127.0.0.1] [--port 5180] [--token T]`.</summary>
public static class ServeCommand
{
    public static Command Create()
    {
        var workspace = CommonOptions.Workspace();
        var store = CommonOptions.Store();
        var sheet = new Option<string?>("--sheet") { Description = "The coding sheet from `portrayal sample` (default: DIR/coding-sheet.csv); without one, every unit of the store." };
        var host = new Option<string>("--host") { Description = "The address to listen on; any but loopback needs the workspace's token.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port to listen on.", DefaultValueFactory = _ => 5180 };
        var token = new Option<string?>("--token") { Description = "The access token off loopback (default: DIR/.portrayal-token, generated when missing)." };
        var command = new Command("serve", "A local web page to hand-code (post, actor) units into coded.csv and browse the machine's labels; runs until Ctrl+C.")
        {
            workspace, store, sheet, host, port, token,
        };
        command.SetAction(parse => Program.Guard(() =>
        {
            var ws = Workspace.Open(parse.GetValue(workspace)!, parse.GetValue(store));
            using var study = Study.Open(ws, StudyNeeds.Analysis);
            var sheetPath = parse.GetValue(sheet) ?? Path.Combine(ws.Directory, "coding-sheet.csv");
            if (parse.GetValue(sheet) is not null && !File.Exists(sheetPath))
                throw new InputError("SV001", sheetPath, null, "the coding sheet does not exist.");
            var options = new ServeOptions(sheetPath, parse.GetValue(host)!, parse.GetValue(port), parse.GetValue(token));
            var (app, key) = CodingServer.Build(study, options);
            try
            {
                app.Start();
            }
            catch (IOException e)
            {
                throw new InputError("SV002", $"{options.Host}:{options.Port}", null, $"cannot listen there ({e.Message.TrimEnd('.')}): choose another --port.");
            }
            var url = app.Urls.First().Replace("0.0.0.0", Environment.MachineName).Replace("[::]", Environment.MachineName);
            Console.Out.WriteLine($"Serving {ws.Directory} at {url}/{(key is null ? "" : "?token=" + key)}");
            if (key is not null) Console.Out.WriteLine($"The token is stored in {Path.Combine(ws.Directory, CodingServer.TokenFile)}.");
            Console.Out.WriteLine("Codes are saved to " + study.CodedPath + ". Press Ctrl+C to stop.");
            app.WaitForShutdown();
            return 0;
        }));
        return command;
    }
}
