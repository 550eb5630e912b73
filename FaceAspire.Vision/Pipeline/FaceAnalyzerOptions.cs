using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Calibration;
using FaceAspire.Vision.Detection;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Runtime;

namespace FaceAspire.Vision.Pipeline;

/// <summary>Settings of a <see cref="FaceAnalyzer"/>; every default is usable as is.</summary>
public sealed record FaceAnalyzerOptions
{
    /// <summary>Images with more pixels are refused before decoding. Default 50 megapixels.</summary>
    public long MaxImagePixels { get; init; } = ImageDecoder.DefaultMaxPixels;

    /// <summary>Detector settings (confidence, NMS, tiling for small faces).</summary>
    public FaceDetectorOptions Detector { get; init; } = new();

    /// <summary>ONNX Runtime CPU settings shared by all models.</summary>
    public OnnxRuntimeOptions Runtime { get; init; } = new();

    /// <summary>
    /// Minimum face-presence score (0-1) of the landmark model; detections below it are dropped as
    /// false positives. Default 0.5.
    /// </summary>
    public float MinMeshConfidence { get; init; } = 0.5f;

    /// <summary>
    /// When no face found in the photo reaches this detector score (0-1), none is found at all, or a face spans
    /// <see cref="FaceAnalyzer.FrameFillingShare"/> of the photo, the photo is looked at again centred on a padded
    /// canvas (<see cref="PaddedCanvas"/>), which finds faces that fill or overfill the frame: tight crops,
    /// passport-style photos, close-ups. 0 turns that second look off. Default 0.75.
    /// </summary>
    public float PaddedPassBelowScore { get; init; } = 0.75f;

    /// <summary>Landmark passes per face; the second re-centres the crop on the first mesh. Default 2.</summary>
    public int MeshPasses { get; init; } = 2;

    /// <summary>Faces of one image analysed at once. Default: processor count.</summary>
    public int MaxDegreeOfParallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Smile / mouth-open / eyes-open calibration. Default: the fitted one shipped with the engine.</summary>
    public ExpressionCalibration Expressions { get; init; } = FittedCalibration.Expressions;

    /// <summary>
    /// Trained heads for Eyeglasses, Sunglasses, Beard, Mustache (and Smile, MouthOpen, EyesOpen where a head
    /// measured better than the mesh-measure calibration). Default: the heads shipped with the engine.
    /// </summary>
    public AttributeHeads AttributeHeads { get; init; } = AttributeHeads.Default;

    /// <summary>Keep each face's attribute feature vector on the result (for training heads). Default false.</summary>
    public bool KeepAttributeFeatures { get; init; }

    /// <summary>
    /// Which emotion model answers Emotions. Default (since pipeline version 9): the mean of the engine's own network
    /// and the Human package's mini-Xception, which measured better than either alone (docs/ACCURACY.md).
    /// </summary>
    public EmotionModel EmotionModel { get; init; } = EmotionModel.Combined;

    /// <summary>
    /// Keep each face's emotion crop with its training border (<see cref="Attributes.EmotionCrop.TrainingSize"/> square)
    /// on the result, whatever attributes are asked for (for training the emotion network). Default false.
    /// </summary>
    public bool KeepEmotionCrops { get; init; }
}

/// <summary>The emotion models the engine carries.</summary>
public enum EmotionModel
{
    /// <summary>The engine's own network trained on FER2013's Training split (<see cref="Attributes.EmotionNetworkClassifier"/>).</summary>
    Network,

    /// <summary>The mini-Xception of the Human model package (<see cref="Attributes.EmotionClassifier"/>), the engine's model up to pipeline 8.</summary>
    Human,

    /// <summary>The mean of both models' confidences (<see cref="Attributes.CombinedEmotionClassifier"/>).</summary>
    Combined,
}
