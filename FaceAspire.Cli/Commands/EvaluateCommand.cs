using System.CommandLine;
using System.Text.Json;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Tasks;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Cli.Commands;

/// <summary>
/// <c>faceaspire evaluate --data DIR --task detection|verification|emotion|eyes|attributes|people|all [--limit N]
/// [--json FILE] [--peer human]</c>: measures the engine on the validation side of the labelled eval folder
/// and prints a table, then the JSON report (to FILE with <c>--json</c>). With <c>--peer human</c> the same
/// images also go through Human and both engines' figures are printed side by side.
/// </summary>
public static class EvaluateCommand
{
    /// <summary>Builds the command; <paramref name="createAnalyzer"/> makes the engine from analyzer options.</summary>
    public static Command Create(Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var data = CliOptions.EvalData();
        var task = new Option<string>("--task") { Description = "Task to measure.", DefaultValueFactory = _ => "all" };
        task.AcceptOnlyFromAmong([.. EvaluationRunner.TaskNames, "all"]);
        var limit = new Option<int?>("--limit") { Description = "At most N validation samples per dataset (quick runs)." };
        limit.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int?>() is < 1)
            {
                r.AddError("--limit must be at least 1.");
            }
        });
        var json = new Option<string?>("--json") { Description = "Write the JSON report to this file instead of standard output." };
        var peer = new Option<string>("--peer") { Description = "Also run a peer engine on the same images.", DefaultValueFactory = _ => "none" };
        peer.AcceptOnlyFromAmong("none", "human");

        var emotionModel = CliOptions.EmotionModelOption();

        var command = new Command("evaluate", "Measure accuracy on the validation side of the labelled eval folder.") { data, task, limit, json, peer, emotionModel };
        command.SetAction((parse, cancellationToken) =>
        {
            if (CliOptions.ResolveEvalData(parse.GetValue(data)) is not { } root)
            {
                return Task.FromResult(2);
            }

            var engines = new List<IFaceEngine> { new FaceAspireEngine(createAnalyzer(new FaceAnalyzerOptions { EmotionModel = parse.GetValue(emotionModel) })) };
            try
            {
                if (parse.GetValue(peer) == "human")
                {
                    engines.Add(HumanPeerEngine.Start());
                }

                var report = EvaluationRunner.Run(
                    engines,
                    root,
                    EvaluationRunner.Expand(parse.GetValue(task)!),
                    parse.GetValue(limit),
                    r => Console.Error.WriteLine($"{r.Task} ({r.Engine}): {r.Images} images in {r.Seconds:0.0} s"),
                    cancellationToken);
                Console.Out.WriteLine($"FaceAspire evaluation, {report.StartedUtc:yyyy-MM-dd HH:mm} UTC, {report.Machine}, data {report.DataDirectory}, validation side only");
                Console.Out.WriteLine(ReportTable.Render(report));
                var document = JsonSerializer.Serialize(report, EvaluationJsonContext.Readable.EvaluationReport);
                if (parse.GetValue(json) is { } file)
                {
                    File.WriteAllText(file, document);
                }
                else
                {
                    Console.Out.WriteLine(document);
                }

                return Task.FromResult(0);
            }
            finally
            {
                engines.ForEach(e => e.Dispose());
            }
        });
        return command;
    }
}
