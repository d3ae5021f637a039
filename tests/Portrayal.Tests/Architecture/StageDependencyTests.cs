using NetArchTest.Rules;
using Xunit;

namespace Portrayal.Tests.Architecture;

/// <summary>Dependencies point down the pipeline: a stage folder may use the stages before it, never one after it.</summary>
public class StageDependencyTests
{
    /// <summary>The library's stage folders in pipeline order (docs/ARCHITECTURE.md draws the same order).</summary>
    public static readonly string[] Stages =
    [
        "Corpus", "Text", "Statistics", "Codebook", "Import", "Mentions", "Evaluation", "Stance", "Narratives",
        "Coding", "Tables", "Reports", "Exports", "Storage", "Pipeline",
    ];

    public static TheoryData<string> EachStage() => new(Stages);

    [Theory]
    [MemberData(nameof(EachStage))]
    public void A_stage_uses_no_stage_after_it(string stage)
    {
        var later = Stages.SkipWhile(s => s != stage).Skip(1).Select(s => "Portrayal." + s).ToArray();
        var result = Types.InAssembly(typeof(Portrayal.Corpus.Post).Assembly)
            .That().ResideInNamespace("Portrayal." + stage)
            .ShouldNot().HaveDependencyOnAny(later)
            .GetResult();
        Assert.True(result.IsSuccessful,
            $"{stage} uses a later stage: " + string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }

    [Fact]
    public void Every_namespace_of_the_library_is_a_known_stage()
    {
        var namespaces = typeof(Portrayal.Corpus.Post).Assembly.GetTypes()
            .Select(t => t.Namespace).OfType<string>().Where(n => n.StartsWith("Portrayal.", StringComparison.Ordinal))
            .Select(n => n.Split('.')[1]).Distinct().ToList();
        Assert.Empty(namespaces.Except(Stages));
    }

    [Fact]
    public void The_library_knows_nothing_of_the_command_line_or_the_web_page()
    {
        var result = Types.InAssembly(typeof(Portrayal.Corpus.Post).Assembly)
            .ShouldNot().HaveDependencyOnAny("Portrayal.Cli", "Portrayal.Web", "Microsoft.AspNetCore", "Spectre.Console", "System.CommandLine")
            .GetResult();
        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypes?.Select(t => t.FullName) ?? []));
    }
}
