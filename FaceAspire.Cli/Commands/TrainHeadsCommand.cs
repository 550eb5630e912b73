using System.CommandLine;
using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Training;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Cli.Commands;

/// <summary>
/// <c>faceaspire train-heads [--data DIR] [--out DIR] [--cache DIR] [--attribute NAME]... [--limit N]</c>: trains the
/// attribute heads (Eyeglasses, Sunglasses, Beard, Mustache, Smile, MouthOpen, EyesOpen) on the train side of the
/// labelled eval folder and writes one JSON file per head (default: the engine's <c>Attributes/Heads</c> folder),
/// printing validation figures. Deterministic; see docs/ATTRIBUTE-HEADS.md.
/// </summary>
public static class TrainHeadsCommand
{
    public static Command Create(Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var data = CliOptions.EvalData();
        var output = new Option<string?>("--out") { Description = "Folder for the head files (default: FaceAspire.Vision/Attributes/Heads in the repository)." };
        var cache = new Option<string?>("--cache") { Description = "Feature cache folder (default: artifacts/head-features in the repository)." };
        var attribute = new Option<string[]>("--attribute") { Description = "Train only this head (repeatable).", AllowMultipleArgumentsPerToken = true };
        attribute.AcceptOnlyFromAmong([.. HeadTraining.Specs.Select(s => s.Attribute)]);
        var limit = new Option<int?>("--limit") { Description = "At most N samples per dataset and side (quick runs)." };
        var iterations = new Option<int>("--iterations") { Description = "Gradient steps per fit.", DefaultValueFactory = _ => 250 };
        var eyeScores = new Option<string?>("--eye-scores") { Description = "Out-of-fold eye-model scores for EyesOpen's train rows, from train-eye-model (default: artifacts/eye-model/out-of-fold-scores.csv in the repository)." };
        var parallelism = CliOptions.Parallelism();

        var command = new Command("train-heads", "Train the attribute heads on the train side of the labelled eval folder.")
        {
            data, output, cache, attribute, limit, iterations, eyeScores, parallelism,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (CliOptions.ResolveEvalData(parse.GetValue(data)) is not { } root)
            {
                return Task.FromResult(2);
            }

            var repository = EvalDataLocation.RepositoryRoot() ?? Environment.CurrentDirectory;
            var options = new HeadTrainingOptions
            {
                EvalRoot = root,
                OutputDirectory = parse.GetValue(output) ?? Path.Combine(repository, "FaceAspire.Vision", "Attributes", "Heads"),
                CacheDirectory = parse.GetValue(cache) ?? Path.Combine(repository, "artifacts", "head-features"),
                Limit = parse.GetValue(limit),
                Attributes = parse.GetValue(attribute) is { Length: > 0 } chosen ? chosen : null,
                Iterations = parse.GetValue(iterations),
                Parallelism = parse.GetValue(parallelism),
                EyeScoresFile = parse.GetValue(eyeScores) ?? OutOfFoldEyeScores.DefaultPath(repository),
            };
            var started = Stopwatch.GetTimestamp();
            var results = HeadTraining.Run(
                options,
                () => createAnalyzer(new FaceAnalyzerOptions { KeepAttributeFeatures = true, MaxDegreeOfParallelism = 1 }),
                Console.Error.WriteLine,
                cancellationToken);
            Console.Out.WriteLine($"{results.Count} heads written to {options.OutputDirectory} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
            return Task.FromResult(0);
        });
        return command;
    }
}
