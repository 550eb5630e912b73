using System.Globalization;
using System.Text.Json;
using FaceAspire.Vision.Attributes;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using TorchSharp;
using Tensor = TorchSharp.torch.Tensor;
using static TorchSharp.torch;

namespace FaceAspire.EmotionTrainer;

/// <summary>
/// Writes the chosen weights as the engine's ONNX model, fits the confidence temperature on the held-out part,
/// checks ONNX Runtime against TorchSharp on the held-out crops, and writes the model's JSON (settings, figures,
/// temperature) and a parity file of seeded synthetic inputs with TorchSharp's logits (for the engine's tests).
/// </summary>
internal static class Exporter
{
    public static void Export(TrainerSettings settings, CropSet data, Trainer trainer)
    {
        Directory.CreateDirectory(settings.Out);
        var tensors = new Dictionary<string, float[]>(StringComparer.Ordinal);
        foreach (var (name, parameter) in trainer.Model.named_parameters())
        {
            tensors[name] = parameter.detach().contiguous().data<float>().ToArray();
        }

        foreach (var (name, buffer) in trainer.Model.named_buffers())
        {
            if (buffer.dtype == ScalarType.Float32)
            {
                tensors[name] = buffer.contiguous().data<float>().ToArray();
            }
        }

        var parameterCount = trainer.Model.parameters().Sum(p => p.numel());
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["classes"] = string.Join(",", EmotionNetwork.Classes),
            ["training_data"] = "FER2013 Training split (research / non-commercial use only)",
        };
        var onnxFile = Path.Combine(settings.Out, EmotionNetworkClassifier.ModelFile);
        File.WriteAllBytes(onnxFile, EmotionNetwork.ToOnnx(tensors, metadata));

        // Parity on the held-out crops: TorchSharp (batch norm unfolded) against ONNX Runtime (folded graph).
        using var session = new InferenceSession(onnxFile);
        var holdout = Trainer.Centre(data.HoldoutPixels);
        var heldOutDifference = MaxDifference(trainer.Logits(holdout), session, holdout);

        // Synthetic parity inputs for the engine's tests (no FER2013 pixels leave the machine): seeded noise and ramps.
        torch.manual_seed(settings.Seed);
        var synthetic = torch.cat([torch.rand(3, 1, EmotionCrop.Size, EmotionCrop.Size), Ramps()], 0);
        var syntheticLogits = trainer.Logits(synthetic);
        var syntheticDifference = MaxDifference(syntheticLogits, session, synthetic);
        File.WriteAllText(
            Path.Combine(settings.Out, EmotionNetworkClassifier.ParityFile),
            JsonSerializer.Serialize(
                new ParityCases(
                    [.. Enumerable.Range(0, (int)synthetic.shape[0]).Select(n => synthetic[n].contiguous().data<float>().ToArray())],
                    [.. Enumerable.Range(0, (int)synthetic.shape[0]).Select(n => syntheticLogits[n].contiguous().data<float>().ToArray())]),
                ParityCases.Json));

        // Temperature: the one minimising held-out NLL of the crop-and-mirror mean, as the engine reports it.
        var labels = data.HoldoutLabels.data<long>().ToArray();
        var logits = Trainer.MirroredLogits(trainer, data.HoldoutPixels);
        var before = Trainer.MirroredProbabilities(logits, 1.0);
        var (temperature, bestNll) = (1.0, double.MaxValue);
        for (var t = 0.5; t <= 3.0001; t += 0.01)
        {
            var nll = Metrics.Of(Trainer.MirroredProbabilities(logits, t), labels).Nll;
            if (nll < bestNll)
            {
                (temperature, bestNll) = (Math.Round(t, 2), nll);
            }
        }

        var after = Trainer.MirroredProbabilities(logits, temperature);
        var (accuracy, balanced, _) = Metrics.Of(after, labels);
        var card = new EmotionModelCard(
            EmotionNetwork.Classes.ToArray(),
            temperature,
            parameterCount,
            trainer.Best!,
            Math.Round(accuracy, 4),
            Math.Round(balanced, 4),
            Math.Round(Metrics.ExpectedCalibrationError(before, labels), 4),
            Math.Round(Metrics.ExpectedCalibrationError(after, labels), 4),
            data.TrainCount,
            data.HoldoutCount,
            heldOutDifference,
            syntheticDifference,
            settings);
        File.WriteAllText(Path.Combine(settings.Out, EmotionNetworkClassifier.CardFile), JsonSerializer.Serialize(card, TrainerSettings.JsonOptions));
        Console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Exported {onnxFile} ({parameterCount} parameters): held-out accuracy {accuracy:0.0000}, balanced {balanced:0.0000}, temperature {temperature}, ECE {card.HeldOutEceUncalibrated:0.0000} -> {card.HeldOutEce:0.0000}; ONNX Runtime vs TorchSharp max |logit difference| {heldOutDifference:E2} (held-out crops), {syntheticDifference:E2} (synthetic)"));
    }

    private static double MaxDifference(Tensor expected, InferenceSession session, Tensor input)
    {
        var shape = input.shape.Select(d => (int)d).ToArray();
        var values = input.contiguous().data<float>().ToArray();
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("crop", new DenseTensor(values, shape))]);
        var actual = results[0].AsEnumerable<float>().ToArray();
        var reference = expected.contiguous().data<float>().ToArray();
        return actual.Zip(reference, (a, r) => Math.Abs(a - (double)r)).Max();
    }

    private static Tensor Ramps()
    {
        var ramp = torch.linspace(0, 1, EmotionCrop.Size);
        var horizontal = ramp.unsqueeze(0).expand(EmotionCrop.Size, EmotionCrop.Size);
        return torch.stack([horizontal, horizontal.t()], 0).unsqueeze(1).contiguous();
    }
}

/// <summary>What the trained model's JSON records beside the weights.</summary>
internal sealed record EmotionModelCard(
    string[] Classes,
    double Temperature,
    long Parameters,
    EpochScore ChosenEpoch,
    double HeldOutAccuracy,
    double HeldOutBalancedAccuracy,
    double HeldOutEceUncalibrated,
    double HeldOutEce,
    int TrainingCrops,
    int HeldOutCrops,
    double OnnxParityHeldOut,
    double OnnxParitySynthetic,
    TrainerSettings Settings);
