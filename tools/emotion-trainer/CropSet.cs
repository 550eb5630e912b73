using FaceAspire.Evaluation.Training;
using FaceAspire.Vision.Attributes;
using static TorchSharp.torch;

namespace FaceAspire.EmotionTrainer;

/// <summary>The cached crops as tensors: training and held-out parts of FER2013's Training split.</summary>
internal sealed class CropSet
{
    private CropSet(Tensor trainPixels, Tensor trainLabels, Tensor holdoutPixels, Tensor holdoutLabels, int dropped, int[] classCounts)
    {
        (TrainPixels, TrainLabels, HoldoutPixels, HoldoutLabels, Dropped, ClassCounts) =
            (trainPixels, trainLabels, holdoutPixels, holdoutLabels, dropped, classCounts);
    }

    /// <summary>Training crops with their border, uint8 [N, 1, 64, 64].</summary>
    public Tensor TrainPixels { get; }

    public Tensor TrainLabels { get; }

    public Tensor HoldoutPixels { get; }

    public Tensor HoldoutLabels { get; }

    public int TrainCount => (int)TrainLabels.shape[0];

    public int HoldoutCount => (int)HoldoutLabels.shape[0];

    /// <summary>Pictures without a face found (engine framing), left out.</summary>
    public int Dropped { get; }

    /// <summary>Training-part count per class.</summary>
    public int[] ClassCounts { get; }

    /// <summary>Loads the cache and holds out <paramref name="holdoutShare"/> of it by a shuffle seeded with <paramref name="seed"/>.</summary>
    public static CropSet Load(string file, int seed, double holdoutShare)
    {
        var records = EmotionCropCache.Read(file);
        if (records.Count == 0)
        {
            throw new InvalidDataException($"No crops in '{file}' (missing, or made by another engine version): run faceaspire train-emotion --crops-only.");
        }

        var order = Enumerable.Range(0, records.Count).ToArray();
        new Random(seed).Shuffle(order);
        var holdoutCount = (int)Math.Round(records.Count * holdoutShare);
        var holdout = order.Take(holdoutCount).Where(i => records[i].Pixels is not null).Order().ToList();
        var train = order.Skip(holdoutCount).Where(i => records[i].Pixels is not null).Order().ToList();
        var counts = new int[EmotionNetwork.Classes.Count];
        train.ForEach(i => counts[records[i].Label]++);
        var (trainPixels, trainLabels) = ToTensors(records, train);
        var (holdoutPixels, holdoutLabels) = ToTensors(records, holdout);
        return new CropSet(trainPixels, trainLabels, holdoutPixels, holdoutLabels, records.Count(r => r.Pixels is null), counts);
    }

    private static (Tensor Pixels, Tensor Labels) ToTensors(IReadOnlyList<EmotionCropRecord> records, List<int> indices)
    {
        var side = EmotionCrop.TrainingSize;
        var pixels = new byte[indices.Count * side * side];
        var labels = new long[indices.Count];
        for (var n = 0; n < indices.Count; n++)
        {
            records[indices[n]].Pixels!.CopyTo(pixels, n * side * side);
            labels[n] = records[indices[n]].Label;
        }

        return (tensor(pixels, [indices.Count, 1, side, side]), tensor(labels));
    }
}
