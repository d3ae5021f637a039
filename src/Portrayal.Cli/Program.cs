using System.CommandLine;
using System.Text;
using Portrayal.Cli.Commands;
using Portrayal.Corpus;
using Spectre.Console;

namespace Portrayal.Cli;

/// <summary>The `portrayal` command line: parses arguments and calls the library; no analysis lives here.</summary>
public static class Program
{
    public static int Main(string[] args)
    {
        Console.OutputEncoding = new UTF8Encoding(false);
        // Piped or logged output has no terminal width; Spectre would assume 80 columns and break every table row.
        if (Console.IsOutputRedirected) AnsiConsole.Profile.Width = 200;
        var root = new RootCommand("Portrayal: how actors are portrayed in social-media and news posts.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(ImportCommand.Create());
        root.Subcommands.Add(PostsCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(MentionsCommand.Create());
        root.Subcommands.Add(StanceCommand.Create());
        root.Subcommands.Add(EvalCommand.Create());
        root.Subcommands.Add(TrainCommand.Create());
        root.Subcommands.Add(QueryCommand.Create());
        root.Subcommands.Add(NarrativesCommand.Create());
        root.Subcommands.Add(TopicsCommand.Create());
        root.Subcommands.Add(AgreementCommand.Create());
        root.Subcommands.Add(ValidateCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        root.Subcommands.Add(SharesCommand.Create());
        root.Subcommands.Add(PlanCommand.Create());
        root.Subcommands.Add(SheetCommand.Create());
        root.Subcommands.Add(ServeCommand.Create());
        return root.Parse(args).Invoke();
    }

    /// <summary>A console on the current standard output (as a test or a pipe set it), 200 columns wide when redirected.</summary>
    public static IAnsiConsole Stdout()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Out) });
        if (Console.IsOutputRedirected) console.Profile.Width = 200;
        return console;
    }

    /// <summary>A warning on stderr that does not stop the command.</summary>
    public static void Warn(string message)
    {
        var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected) err.Profile.Width = 1000;
        err.MarkupLine($"[yellow]warning:[/] {Markup.Escape(message)}");
    }

    /// <summary>Runs a command body, turning a user mistake into a one-line message and exit code 2.</summary>
    public static int Guard(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (InputError e)
        {
            var err = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            if (Console.IsErrorRedirected) err.Profile.Width = 1000; // one line, as a log or a script reads it
            err.MarkupLine($"[red]error:[/] {Markup.Escape(e.ToString())}");
            return 2;
        }
    }
}
