using System.CommandLine;
using System.Diagnostics;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Training;
using FaceAspire.Vision.Pipeline;

namespace FaceAspire.Cli.Commands;

/// <summary>
/// <c>faceaspire train-emotion [--data DIR] [--cache DIR] [--out DIR] [--crops-only] [--epochs N] ...</c>: cuts the emotion
/// crops of FER2013's Training split through the engine (cached in <c>artifacts/emotion-crops</c>), then trains the
/// emotion network on them with <c>tools/emotion-trainer/train.sh</c> (TorchSharp, a training-time dependency only),
/// which exports the ONNX model the engine runs (default: <c>FaceAspire.Vision/Attributes/EmotionModel</c>). See docs/MODELS.md.
/// </summary>
public static class TrainEmotionCommand
{
    public static Command Create(Func<FaceAnalyzerOptions, FaceAnalyzer> createAnalyzer)
    {
        ArgumentNullException.ThrowIfNull(createAnalyzer);
        var data = CliOptions.EvalData();
        var cache = new Option<string?>("--cache") { Description = "Crop cache folder (default: artifacts/emotion-crops in the repository)." };
        var output = new Option<string?>("--out") { Description = "Folder for the model, its settings and checkpoints (default: FaceAspire.Vision/Attributes/EmotionModel in the repository)." };
        var cropsOnly = new Option<bool>("--crops-only") { Description = "Only cut (and cache) the training crops." };
        var framing = new Option<EmotionCropFraming>("--framing")
        {
            Description = "How training crops are cut: Engine (the engine's crop of the face it finds, as at run time) or Picture (the picture's centre framed as the engine frames the mean face).",
            DefaultValueFactory = _ => EmotionCropFraming.Engine,
        };
        var epochs = new Option<int?>("--epochs") { Description = "Training epochs (default: the trainer's)." };
        var width = new Option<int?>("--width") { Description = "Channel multiplier of the network (default: the trainer's)." };
        var parallelism = CliOptions.Parallelism();

        var command = new Command("train-emotion", "Train the emotion network on FER2013's Training split, on crops cut by the engine.")
        {
            data, cache, output, framing, cropsOnly, epochs, width, parallelism,
        };
        command.SetAction((parse, cancellationToken) =>
        {
            if (CliOptions.ResolveEvalData(parse.GetValue(data)) is not { } root)
            {
                return Task.FromResult(2);
            }

            var repository = EvalDataLocation.RepositoryRoot() ?? Environment.CurrentDirectory;
            var started = Stopwatch.GetTimestamp();
            var cropFile = EmotionCropCache.Build(
                parse.GetValue(cache) ?? Path.Combine(repository, "artifacts", "emotion-crops"),
                parse.GetValue(framing),
                EmotionCropCache.ReadTrainingSplit(root),
                () => createAnalyzer(new FaceAnalyzerOptions { KeepEmotionCrops = true, MaxDegreeOfParallelism = 1 }),
                parse.GetValue(parallelism),
                Console.Error.WriteLine,
                cancellationToken);
            Console.Out.WriteLine($"Emotion crops in {cropFile} ({Stopwatch.GetElapsedTime(started).TotalSeconds:0} s)");
            if (parse.GetValue(cropsOnly))
            {
                return Task.FromResult(0);
            }

            var arguments = new List<string>
            {
                Path.Combine(repository, "tools", "emotion-trainer", "train.sh"),
                // Paths relative to the repository (the trainer runs there): they are saved in the model's card.
                "--crops", Path.GetRelativePath(repository, cropFile),
                "--out", Path.GetRelativePath(repository, parse.GetValue(output) ?? Path.Combine(repository, "FaceAspire.Vision", "Attributes", "EmotionModel")),
            };
            if (parse.GetValue(epochs) is { } count)
            {
                arguments.AddRange(["--epochs", count.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            if (parse.GetValue(width) is { } multiplier)
            {
                arguments.AddRange(["--width", multiplier.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            }

            var start = new ProcessStartInfo("bash") { UseShellExecute = false, WorkingDirectory = repository };
            arguments.ForEach(start.ArgumentList.Add);
            using var trainer = Process.Start(start) ?? throw new InvalidOperationException("Could not start the emotion trainer.");
            trainer.WaitForExit();
            return Task.FromResult(trainer.ExitCode);
        });
        return command;
    }
}
