using System.Globalization;
using System.Text.Json;

namespace FaceAspire.EmotionTrainer;

/// <summary>Every setting of a training run; printed at the start and saved beside the weights.</summary>
internal sealed record TrainerSettings
{
    public static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    /// <summary>The crop cache written by <c>faceaspire train-emotion</c>.</summary>
    public required string Crops { get; init; }

    /// <summary>Where the ONNX model and its JSON go.</summary>
    public required string Out { get; init; }

    /// <summary>Checkpoints and the training log (an ignored folder).</summary>
    public string Work { get; init; } = Path.Combine("artifacts", "emotion-training");

    /// <summary>Seed of weight initialisation, batch order and augmentation.</summary>
    public int Seed { get; init; } = 14;

    /// <summary>Seed of the held-out split (kept apart from <see cref="Seed"/> so runs of several seeds share one held-out part).</summary>
    public int SplitSeed { get; init; } = 14;

    /// <summary>Share of the training split held out (by a seeded shuffle) for model choice and calibration.</summary>
    public double HoldoutShare { get; init; } = 0.1;

    public int Epochs { get; init; } = 24;

    /// <summary>Channel multiplier of <see cref="FaceAspire.Vision.Attributes.EmotionNetwork.StageChannels"/> (1: 16-32-64-128).</summary>
    public int Width { get; init; } = 1;

    public int BatchSize { get; init; } = 64;

    /// <summary>Peak AdamW learning rate, reached after one epoch of linear warm-up, then cosine decay to zero.</summary>
    public double LearningRate { get; init; } = 2e-3;

    public double WeightDecay { get; init; } = 5e-4;

    public double LabelSmoothing { get; init; } = 0.1;

    /// <summary>Class weights are (N / (classes * count)) to this power, normalised to mean 1 (0: unweighted).</summary>
    public double ClassWeightPower { get; init; } = 0.5;

    public double Dropout { get; init; } = 0.3;

    /// <summary>Augmentation: rotation (degrees), scale range, shift (pixels), brightness (added, 0-1 scale), contrast range.</summary>
    public double RotationDegrees { get; init; } = 12;

    public double ScaleJitter { get; init; } = 0.1;

    public double ShiftPixels { get; init; } = 4;

    public double Brightness { get; init; } = 0.1;

    public double ContrastJitter { get; init; } = 0.25;

    /// <summary>Stop after this many epochs without a better held-out score.</summary>
    public int Patience { get; init; } = 6;

    /// <summary>
    /// libtorch threads. One: on a busy 2-core machine two OpenMP threads spent their time waiting on each other
    /// (measured here: under 35 images/s with 2, 171 with 1).
    /// </summary>
    public int Threads { get; init; } = 1;

    public static TrainerSettings Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i += 2)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Length)
            {
                throw new ArgumentException($"Expected '--name value' pairs, got '{args[i]}'.");
            }

            values[args[i][2..]] = args[i + 1];
        }

        var defaults = new TrainerSettings { Crops = Required(values, "crops"), Out = Required(values, "out") };
        return defaults with
        {
            Work = values.GetValueOrDefault("work") ?? defaults.Work,
            Seed = Int(values, "seed", defaults.Seed),
            SplitSeed = Int(values, "split-seed", defaults.SplitSeed),
            Epochs = Int(values, "epochs", defaults.Epochs),
            Width = Int(values, "width", defaults.Width),
            BatchSize = Int(values, "batch-size", defaults.BatchSize),
            LearningRate = Double(values, "learning-rate", defaults.LearningRate),
            Threads = Int(values, "threads", defaults.Threads),
            Patience = Int(values, "patience", defaults.Patience),
        };
    }

    private static string Required(Dictionary<string, string> values, string name) =>
        values.GetValueOrDefault(name) ?? throw new ArgumentException($"--{name} is required.");

    private static int Int(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    private static double Double(Dictionary<string, string> values, string name, double fallback) =>
        values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}
