using System.CommandLine;
using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Training;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Cli.Commands;

/// <summary>
/// <c>faceaspire train-eye-model [--data DIR] [--out FILE] [--limit N]</c>: trains the eye-state model on the train side
/// of <c>cew_eye_patches</c> and of eyes cut with the engine's mesh from Yale and CelebA faces, chooses its mirror
/// averaging on the train side of <c>cew_closed_faces</c>, writes the model JSON (default: the engine's
/// <c>Attributes/EyeModel/EyeState.json</c>) and prints validation-side patch accuracy per source. Deterministic; see
/// docs/ATTRIBUTE-HEADS.md.
/// </summary>
public static class TrainEyeModelCommand
{
    public static Command Create(Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var data = CliOptions.EvalData();
        var output = new Option<string?>("--out") { Description = "Model file (default: FaceAspire.Vision/Attributes/EyeModel/EyeState.json in the repository)." };
        var limit = new Option<int?>("--limit") { Description = "At most N patches per side and class, N faces per set, side and class for the mesh-cut eyes, and N faces per class for the crop choice (quick runs)." };
        var iterations = new Option<int>("--iterations") { Description = "Gradient steps per fit.", DefaultValueFactory = _ => 300 };
        var hidden = new Option<int[]>("--hidden") { Description = "Hidden-unit counts of the perceptron candidates (repeatable; default 16, 32 and 64).", AllowMultipleArgumentsPerToken = true };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training copies per perceptron fit.", DefaultValueFactory = _ => 30 };
        var eyeScores = new Option<string?>("--eye-scores") { Description = "Where the out-of-fold scores of EyesOpen's train faces go, for train-heads (default: artifacts/eye-model/out-of-fold-scores.csv in the repository)." };
        var parallelism = CliOptions.Parallelism();

        var command = new Command("train-eye-model", "Train the eye-state model on the train side of the CEW eye patches and of eyes cut with the mesh from Yale and CelebA faces.")
        {
            data, output, limit, iterations, hidden, epochs, eyeScores, parallelism,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (CliOptions.ResolveEvalData(parse.GetValue(data)) is not { } root)
            {
                return Task.FromResult(2);
            }

            var repository = EvalDataLocation.RepositoryRoot() ?? Environment.CurrentDirectory;
            var options = new EyeStateTrainingOptions
            {
                EvalRoot = root,
                OutputFile = parse.GetValue(output) ?? Path.Combine(repository, "FaceAspire.Vision", "Attributes", "EyeModel", "EyeState.json"),
                Limit = parse.GetValue(limit),
                Iterations = parse.GetValue(iterations),
                Epochs = parse.GetValue(epochs),
                HiddenUnits = parse.GetValue(hidden) is { Length: > 0 } units ? units : [16, 32, 64],
                Parallelism = parse.GetValue(parallelism),
                OutOfFoldFile = parse.GetValue(eyeScores) ?? OutOfFoldEyeScores.DefaultPath(repository),
            };
            var started = Stopwatch.GetTimestamp();
            var result = EyeStateTraining.Run(
                options,
                () => createAnalyzer(new FaceAnalyzerOptions { KeepAttributeFeatures = true, MaxDegreeOfParallelism = 1 }),
                Console.Error.WriteLine,
                cancellationToken);
            Console.Out.WriteLine($"Eye model ({string.Join(", ", result.Model.Features)}) written to {options.OutputFile} in {Stopwatch.GetElapsedTime(started).TotalSeconds:0} s");
            return Task.FromResult(0);
        });
        return command;
    }
}
