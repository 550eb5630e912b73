using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using FaceAspire.Evaluation.Metrics;
using FaceAspire.Vision.Attributes;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace FaceAspire.EmotionTrainer;

/// <summary>
/// The training loop: AdamW with a one-epoch warm-up and cosine decay, class-weighted cross-entropy with label
/// smoothing, augmented batches (mirror, rotation, scale, shift, brightness, contrast), a held-out score per
/// epoch (accuracy and balanced accuracy, mean of the crop and its mirror), the best epoch kept, early stopping,
/// and a checkpoint per epoch from which an interrupted run resumes.
/// </summary>
internal sealed class Trainer : IDisposable
{
    private readonly TrainerSettings settings;
    private readonly CropSet data;
    private readonly Tensor classWeights;
    private readonly string checkpoint;
    private readonly string best;
    private readonly string state;

    public Trainer(TrainerSettings settings, CropSet data)
    {
        (this.settings, this.data) = (settings, data);
        torch.set_num_threads(settings.Threads);
        torch.manual_seed(settings.Seed);
        Model = Build(settings.Dropout, settings.Width);
        var total = data.ClassCounts.Sum();
        var weights = data.ClassCounts.Select(c => Math.Pow(total / (double)(data.ClassCounts.Length * c), settings.ClassWeightPower)).ToArray();
        var mean = weights.Average();
        classWeights = tensor(weights.Select(w => (float)(w / mean)).ToArray());
        Directory.CreateDirectory(settings.Work);
        checkpoint = Path.Combine(settings.Work, "last.pt");
        best = Path.Combine(settings.Work, "best.pt");
        state = Path.Combine(settings.Work, "state.json");
        File.WriteAllText(Path.Combine(settings.Work, "settings.json"), JsonSerializer.Serialize(settings, TrainerSettings.JsonOptions));
    }

    public Sequential Model { get; }

    /// <summary>The best epoch's held-out figures.</summary>
    public EpochScore? Best { get; private set; }

    /// <summary>The network of <see cref="EmotionNetwork"/>, with its parameter names.</summary>
    public static Sequential Build(double dropout, int width)
    {
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        var stageChannels = EmotionNetwork.StageChannelsFor(width);
        long channels = 1;
        for (var stage = 0; stage < stageChannels.Count; stage++)
        {
            var outChannels = stageChannels[stage];
            for (var index = 0; index < EmotionNetwork.StageConvolutions[stage]; index++)
            {
                layers.Add((EmotionNetwork.ConvolutionName(stage, index), nn.Conv2d(channels, outChannels, 3, padding: 1, bias: false)));
                layers.Add((EmotionNetwork.BatchNormName(stage, index), nn.BatchNorm2d(outChannels, eps: EmotionNetwork.BatchNormEpsilon)));
                layers.Add(($"s{stage}r{index}", nn.ReLU()));
                channels = outChannels;
            }

            layers.Add(($"s{stage}p", nn.MaxPool2d(2)));
        }

        layers.Add(("gap", nn.AdaptiveAvgPool2d(1)));
        layers.Add(("flat", nn.Flatten()));
        layers.Add(("drop", nn.Dropout(dropout)));
        layers.Add((EmotionNetwork.ClassifierName, nn.Linear(channels, EmotionNetwork.Classes.Count)));
        return nn.Sequential(layers);
    }

    /// <summary>The network's input from uint8 crops with border: normalised [0, 1] floats, centre 48x48.</summary>
    public static Tensor Centre(Tensor pixels)
    {
        var border = EmotionCrop.TrainingBorder;
        return pixels[.., .., border..(border + EmotionCrop.Size), border..(border + EmotionCrop.Size)].to_type(ScalarType.Float32).div(255f);
    }

    /// <summary>Logits of <paramref name="input"/> (floats [N, 1, 48, 48]) in evaluation mode, in batches.</summary>
    public Tensor Logits(Tensor input)
    {
        Model.eval();
        using var noGrad = torch.no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < input.shape[0]; start += 512)
        {
            parts.Add(Model.call(input.narrow(0, start, Math.Min(512, input.shape[0] - start))));
        }

        return torch.cat(parts, 0);
    }

    public void Run()
    {
        var optimizer = torch.optim.AdamW(Model.parameters(), settings.LearningRate, weight_decay: settings.WeightDecay);
        var firstEpoch = 0;
        var sinceBest = 0;
        if (File.Exists(checkpoint) && File.Exists(state))
        {
            var saved = JsonSerializer.Deserialize<RunState>(File.ReadAllText(state))!;
            Model.load(checkpoint);
            firstEpoch = saved.NextEpoch;
            Best = saved.Best;
            sinceBest = saved.SinceBest;
            Console.WriteLine($"Resuming at epoch {firstEpoch + 1} from {checkpoint} (optimizer moments restart)");
        }

        var batchesPerEpoch = data.TrainCount / settings.BatchSize;
        var totalSteps = (double)batchesPerEpoch * settings.Epochs;
        for (var epoch = firstEpoch; epoch < settings.Epochs && sinceBest < settings.Patience; epoch++)
        {
            var started = Stopwatch.GetTimestamp();
            Model.train();
            var random = new Random(settings.Seed + (1000 * (epoch + 1)));
            torch.manual_seed(settings.Seed + epoch + 1);
            var order = Enumerable.Range(0, data.TrainCount).ToArray();
            random.Shuffle(order);
            double lossSum = 0;
            for (var b = 0; b < batchesPerEpoch; b++)
            {
                using var scope = torch.NewDisposeScope();
                var step = (epoch * (double)batchesPerEpoch) + b;
                var rate = step < batchesPerEpoch
                    ? settings.LearningRate * (step + 1) / batchesPerEpoch
                    : settings.LearningRate * 0.5 * (1 + Math.Cos(Math.PI * (step - batchesPerEpoch) / (totalSteps - batchesPerEpoch)));
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                var indices = tensor(order.AsSpan(b * settings.BatchSize, settings.BatchSize).ToArray().Select(i => (long)i).ToArray());
                var input = Augment(data.TrainPixels.index_select(0, indices), random);
                var target = data.TrainLabels.index_select(0, indices);
                var loss = nn.functional.cross_entropy(Model.call(input), target, classWeights, label_smoothing: settings.LabelSmoothing);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>();
                if ((b + 1) % 100 == 0)
                {
                    var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
                    Console.WriteLine(string.Create(
                        CultureInfo.InvariantCulture,
                        $"  epoch {epoch + 1} batch {b + 1}/{batchesPerEpoch} loss {lossSum / (b + 1):0.0000} lr {rate:0.00000} {(b + 1) * settings.BatchSize / seconds:0} img/s"));
                }
            }

            var score = Score(epoch + 1, lossSum / batchesPerEpoch, Stopwatch.GetElapsedTime(started).TotalSeconds);
            Model.save(checkpoint);
            if (Best is null || score.Objective > Best.Objective)
            {
                Best = score;
                sinceBest = 0;
                Model.save(best);
            }
            else
            {
                sinceBest++;
            }

            File.WriteAllText(state, JsonSerializer.Serialize(new RunState(epoch + 1, Best, sinceBest), TrainerSettings.JsonOptions));
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"epoch {score.Epoch}: train loss {score.TrainLoss:0.0000}, held-out accuracy {score.Accuracy:0.0000}, balanced {score.BalancedAccuracy:0.0000}, nll {score.NegativeLogLikelihood:0.0000} ({score.Seconds:0} s){(ReferenceEquals(Best, score) ? " best" : string.Empty)}"));
        }

        Model.load(best);
        Model.eval();
    }

    /// <summary>Held-out figures of the current weights: mean probabilities of the crop and its mirror, as the engine reads them.</summary>
    private EpochScore Score(int epoch, double trainLoss, double seconds)
    {
        using var scope = torch.NewDisposeScope();
        var probabilities = MirroredProbabilities(MirroredLogits(this, data.HoldoutPixels), 1.0);
        var labels = data.HoldoutLabels.data<long>().ToArray();
        var (accuracy, balanced, nll) = Metrics.Of(probabilities, labels);
        return new EpochScore(epoch, trainLoss, accuracy, balanced, nll, seconds);
    }

    /// <summary>Logits of each crop and of its mirror image, as [N][7] each.</summary>
    public static (float[][] Plain, float[][] Mirrored) MirroredLogits(Trainer trainer, Tensor pixels)
    {
        using var scope = torch.NewDisposeScope();
        var input = Centre(pixels);
        return (Rows(trainer.Logits(input)), Rows(trainer.Logits(input.flip(3))));
    }

    /// <summary>Mean of softmax(logits / temperature) over each crop and its mirror image, as the engine reports it.</summary>
    public static float[][] MirroredProbabilities((float[][] Plain, float[][] Mirrored) logits, double temperature) =>
        [.. logits.Plain.Select((plain, n) =>
        {
            var (a, b) = (Softmax(plain, temperature), Softmax(logits.Mirrored[n], temperature));
            return a.Select((p, i) => (p + b[i]) / 2).ToArray();
        })];

    private static float[] Softmax(float[] logits, double temperature)
    {
        var max = logits.Max();
        var exp = logits.Select(l => Math.Exp((l - max) / temperature)).ToArray();
        var sum = exp.Sum();
        return [.. exp.Select(e => (float)(e / sum))];
    }

    private static float[][] Rows(Tensor logits)
    {
        var values = logits.contiguous().data<float>().ToArray();
        var classes = EmotionNetwork.Classes.Count;
        return [.. Enumerable.Range(0, values.Length / classes).Select(n => values.AsSpan(n * classes, classes).ToArray())];
    }

    /// <summary>Augmented floats [B, 1, 48, 48] from uint8 crops with border: one random affine map per crop, then brightness and contrast.</summary>
    private Tensor Augment(Tensor pixels, Random random)
    {
        var count = (int)pixels.shape[0];
        var theta = new float[count * 6];
        var inner = EmotionCrop.Size / (float)EmotionCrop.TrainingSize;
        var gains = new float[count];
        var offsets = new float[count];
        for (var n = 0; n < count; n++)
        {
            var angle = (random.NextDouble() * 2 - 1) * settings.RotationDegrees * Math.PI / 180;
            var scale = 1 + ((random.NextDouble() * 2 - 1) * settings.ScaleJitter);
            var flip = random.Next(2) == 0 ? 1f : -1f;
            var shift = 2 / (float)EmotionCrop.TrainingSize;
            var (cos, sin) = ((float)(Math.Cos(angle) * scale * inner), (float)(Math.Sin(angle) * scale * inner));
            theta[(n * 6) + 0] = cos * flip;
            theta[(n * 6) + 1] = -sin;
            theta[(n * 6) + 2] = (float)((random.NextDouble() * 2 - 1) * settings.ShiftPixels) * shift;
            theta[(n * 6) + 3] = sin * flip;
            theta[(n * 6) + 4] = cos;
            theta[(n * 6) + 5] = (float)((random.NextDouble() * 2 - 1) * settings.ShiftPixels) * shift;
            gains[n] = (float)(1 + ((random.NextDouble() * 2 - 1) * settings.ContrastJitter));
            offsets[n] = (float)((random.NextDouble() * 2 - 1) * settings.Brightness);
        }

        var source = pixels.to_type(ScalarType.Float32).div(255f);
        var grid = nn.functional.affine_grid(tensor(theta, [count, 2, 3]), [count, 1, EmotionCrop.Size, EmotionCrop.Size], align_corners: false);
        var warped = nn.functional.grid_sample(source, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Border, align_corners: false);
        var mean = warped.mean([1, 2, 3], keepdim: true);
        var gain = tensor(gains, [count, 1, 1, 1]);
        var offset = tensor(offsets, [count, 1, 1, 1]);
        return warped.sub(mean).mul(gain).add(mean).add(offset).clamp(0f, 1f);
    }

    public void Dispose()
    {
        Model.Dispose();
        classWeights.Dispose();
    }

    /// <summary>Where an interrupted run stands.</summary>
    internal sealed record RunState(int NextEpoch, EpochScore? Best, int SinceBest);
}

/// <summary>One epoch's figures on the held-out part.</summary>
internal sealed record EpochScore(int Epoch, double TrainLoss, double Accuracy, double BalancedAccuracy, double NegativeLogLikelihood, double Seconds)
{
    /// <summary>Model choice: the mean of accuracy and balanced accuracy (both are acceptance figures).</summary>
    public double Objective => (Accuracy + BalancedAccuracy) / 2;
}

/// <summary>Accuracy, balanced accuracy, negative log-likelihood and calibration error of class probabilities.</summary>
internal static class Metrics
{
    public static (double Accuracy, double Balanced, double Nll) Of(float[][] probabilities, long[] labels)
    {
        var classes = EmotionNetwork.Classes.Count;
        var hits = new int[classes];
        var support = new int[classes];
        double nll = 0;
        for (var n = 0; n < labels.Length; n++)
        {
            var label = (int)labels[n];
            support[label]++;
            hits[label] += ArgMax(probabilities[n]) == label ? 1 : 0;
            nll -= Math.Log(Math.Max(probabilities[n][label], 1e-12));
        }

        var balanced = Enumerable.Range(0, classes).Where(c => support[c] > 0).Average(c => hits[c] / (double)support[c]);
        return (hits.Sum() / (double)labels.Length, balanced, nll / labels.Length);
    }

    /// <summary>Expected calibration error of the top answer's confidence, as the evaluation reports it.</summary>
    public static double ExpectedCalibrationError(float[][] probabilities, long[] labels) =>
        CalibrationError.Expected([.. labels.Select((label, n) => ((double)probabilities[n].Max(), ArgMax(probabilities[n]) == label))]);

    public static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}
