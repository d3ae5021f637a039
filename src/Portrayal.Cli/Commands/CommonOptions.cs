using System.CommandLine;

namespace Portrayal.Cli.Commands;

/// <summary>The options every workspace command shares, spelled and described once.</summary>
internal static class CommonOptions
{
    public static Option<string> Workspace() =>
        new("--workspace") { Description = "The study folder (default: the current folder).", DefaultValueFactory = _ => "." };

    public static Option<string?> Store() =>
        new("--store") { Description = "The SQLite store file (default: DIR/portrayal.db)." };

    public static Option<string?> StanceModel() =>
        new("--model") { Description = "The stance classifier: default (the best shipped model for each text's language), lexicon, a model file from `portrayal train`, or an ONNX model (.onnx with its .onnx.json sidecar)." };
}
