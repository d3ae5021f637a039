using System.Text.Json;
using System.Xml.Linq;
using Portrayal.Coding;
using Portrayal.Corpus;
using Portrayal.Pipeline;
using Portrayal.Tests.Support;
using Xunit;

namespace Portrayal.Tests.Coding;

/// <summary>Label Studio tasks out, Label Studio's JSON export back into coded.csv.</summary>
public class LabelStudioTests
{
    /// <summary>
    /// An export in Label Studio's structure: two tasks, annotators 7 (id only) and ana@example.org (completed_by
    /// expanded), the second task also holding a cancelled (skipped) annotation by 7 and a prediction.
    /// </summary>
    private static string Export(string secondStance = "negative") => $$"""
        [
          {
            "id": 101,
            "annotations": [
              {
                "id": 1001,
                "completed_by": 7,
                "result": [
                  {"value": {"choices": ["positive"]}, "id": "a1", "from_name": "stance", "to_name": "text", "type": "choices", "origin": "manual"},
                  {"value": {"text": ["friendly"]}, "id": "a2", "from_name": "note", "to_name": "text", "type": "textarea", "origin": "manual"}
                ],
                "was_cancelled": false, "ground_truth": false,
                "created_at": "2026-11-20T10:01:02.123456Z", "updated_at": "2026-11-20T10:01:02.123456Z",
                "lead_time": 12.5, "prediction": {}, "result_count": 0, "task": 101, "project": 3, "parent_prediction": null, "parent_annotation": null
              },
              {
                "id": 1002,
                "completed_by": {"id": 9, "email": "ana@example.org", "first_name": "Ana", "last_name": ""},
                "result": [
                  {"value": {"choices": ["Positive"]}, "id": "b1", "from_name": "stance", "to_name": "text", "type": "choices", "origin": "manual"}
                ],
                "was_cancelled": false, "ground_truth": false, "lead_time": 8.1, "task": 101, "project": 3
              }
            ],
            "file_upload": "a1b2c3-tasks.json",
            "drafts": [],
            "predictions": [],
            "data": {
              "text": "ОДКБ помогла навести порядок.", "actor": "csto", "actor_name": "CSTO",
              "unit": "telegram/qazinform/512/csto", "platform": "telegram", "account": "qazinform", "post_id": "512",
              "url": "https://t.me/qazinform/512", "published": "2022-01-07T10:00:00+06:00"
            },
            "meta": {}, "created_at": "2026-11-20T09:00:00.000000Z", "updated_at": "2026-11-20T10:05:00.000000Z",
            "inner_id": 1, "total_annotations": 2, "cancelled_annotations": 0, "total_predictions": 0,
            "comment_count": 0, "unresolved_comment_count": 0, "last_comment_updated_at": null, "project": 3, "updated_by": 9, "comment_authors": []
          },
          {
            "id": 102,
            "annotations": [
              {
                "id": 1003,
                "completed_by": 7,
                "result": [],
                "was_cancelled": true, "ground_truth": false, "lead_time": 2.0, "task": 102, "project": 3
              },
              {
                "id": 1004,
                "completed_by": {"id": 9, "email": "ana@example.org", "first_name": "Ana", "last_name": ""},
                "result": [
                  {"value": {"choices": ["{{secondStance}}"]}, "id": "c1", "from_name": "stance", "to_name": "text", "type": "choices", "origin": "manual"}
                ],
                "was_cancelled": false, "ground_truth": false, "lead_time": 5.3, "task": 102, "project": 3
              }
            ],
            "predictions": [
              {"id": 5, "model_version": "portrayal", "result": [{"value": {"choices": ["neutral"]}, "from_name": "stance", "to_name": "text", "type": "choices"}]}
            ],
            "data": {
              "text": "Russia sent troops.", "actor": "russia", "actor_name": "Russia",
              "unit": "youtube/UC-x_1/abc/def/russia", "platform": "youtube", "account": "UC-x_1", "post_id": "abc/def",
              "url": "", "published": "2022-01-06T08:00:00+00:00"
            },
            "inner_id": 2, "total_annotations": 1, "cancelled_annotations": 1, "project": 3
          }
        ]
        """;

    [Fact]
    public void An_export_becomes_one_code_per_unit_and_annotator_and_importing_twice_changes_nothing()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("export.json"), Export());
        var rows = LabelStudio.ReadExport(tmp.File("export.json"));
        Assert.Equal(3, rows.Count);
        Assert.Equal(("7", "positive", "friendly"), (rows[0].Coder, rows[0].Stance, rows[0].Note));
        Assert.Equal(("ana@example.org", "positive"), (rows[1].Coder, rows[1].Stance));
        Assert.Equal(("youtube", "UC-x_1", "abc/def", "russia", "ana@example.org", "negative"),
            (rows[2].Platform, rows[2].Account, rows[2].PostId, rows[2].Actor, rows[2].Coder, rows[2].Stance));

        var coded = tmp.File("coded.csv");
        Assert.Equal((3, 0, 0), CodingSheet.Import(tmp.File("export.json"), coded));
        Assert.Equal((0, 0, 0), CodingSheet.Import(tmp.File("export.json"), coded));
        var codes = CodedSample.Load(coded)!.Codes;
        Assert.Equal(3, codes.Count);
        Assert.Equal(("telegram", "qazinform", "512", "csto", "7", "positive"),
            (codes[0].Platform, codes[0].Account, codes[0].PostId, codes[0].Actor, codes[0].Coder, codes[0].Stance));

        // A later export where ana changed her mind replaces her code.
        File.WriteAllText(tmp.File("export.json"), Export("neutral"));
        Assert.Equal((0, 1, 0), CodingSheet.Import(tmp.File("export.json"), coded));
        Assert.Equal("neutral", CodedSample.Load(coded)!.Codes[2].Stance);
    }

    [Fact]
    public void An_unknown_choice_is_rejected_naming_its_task_and_nothing_is_written()
    {
        using var tmp = new TempDir();
        File.WriteAllText(tmp.File("export.json"), Export("hostile"));
        var e = Assert.Throws<InputError>(() => CodingSheet.Import(tmp.File("export.json"), tmp.File("coded.csv")));
        Assert.Equal("task 1", e.Position);
        Assert.Contains("hostile", e.Message);
        Assert.False(File.Exists(tmp.File("coded.csv")));
    }

    [Fact]
    public void Tasks_hold_one_unit_each_and_the_labelling_config_names_the_stances()
    {
        using var tmp = new TempDir();
        var rows = new List<SheetRow>
        {
            new("telegram/qazinform/512/csto", "alice", "telegram", "qazinform", "512", "csto", "2022-01-07T10:00:00+06:00", "https://t.me/qazinform/512", "ОДКБ \"помогла\"", "", ""),
            new("telegram/qazinform/512/csto", "bob", "telegram", "qazinform", "512", "csto", "2022-01-07T10:00:00+06:00", "https://t.me/qazinform/512", "ОДКБ \"помогла\"", "", ""),
            new("youtube/UC-x_1/abc/russia", "bob", "youtube", "UC-x_1", "abc", "russia", "2022-01-06T08:00:00+00:00", "", "Russia", "", ""),
        };
        var config = LabelStudio.WriteTasks(tmp.File("tasks.json"), rows, id => id == "csto" ? "CSTO" : id);
        Assert.Equal(tmp.File("tasks.label-config.xml"), config);

        using var tasks = JsonDocument.Parse(File.ReadAllText(tmp.File("tasks.json")));
        var all = tasks.RootElement.EnumerateArray().Select(t => t.GetProperty("data")).ToList();
        Assert.Equal(2, all.Count);
        Assert.Equal("ОДКБ \"помогла\"", all[0].GetProperty("text").GetString());
        Assert.Equal("CSTO", all[0].GetProperty("actor_name").GetString());
        Assert.Equal("telegram/qazinform/512/csto", all[0].GetProperty("unit").GetString());
        Assert.Equal("512", all[0].GetProperty("post_id").GetString());

        var view = XDocument.Load(config).Root!;
        var choices = view.Element("Choices")!;
        Assert.Equal(("stance", "text"), (choices.Attribute("name")!.Value, choices.Attribute("toName")!.Value));
        Assert.Equal(StanceLabels.All, choices.Elements("Choice").Select(c => c.Attribute("value")!.Value));
        Assert.Equal("$text", view.Element("Text")!.Attribute("value")!.Value);
        Assert.NotNull(view.Element("TextArea"));
    }
}
