namespace FaceAspire.Evaluation.Datasets;

/// <summary>A photo whose faces are marked by one nose-tip point each (pixel coordinates of the upright image).</summary>
public sealed record DetectionSample(string ImagePath, IReadOnlyList<(float X, float Y)> NosePoints, SplitSide Side);

/// <summary>Two photos and whether they show the same person.</summary>
public sealed record VerificationPair(string ImageA, string ImageB, bool Same, SplitSide Side);

/// <summary>A photo with one class label (an emotion, an eye state) and the sub-source it came from.</summary>
public sealed record LabelledImage(string ImagePath, string Label, string Source, SplitSide Side);

/// <summary>
/// A photo with yes/no labels keyed by Rekognition attribute name (see <see cref="AttributeNames"/>); an
/// attribute the source does not label is absent rather than guessed.
/// </summary>
public sealed record AttributeSample(string ImagePath, IReadOnlyDictionary<string, bool> Labels, SplitSide Side);

/// <summary>A photo of a known identity in a 1:N protocol: gallery (enrolled) or probe (searched).</summary>
public sealed record IdentificationSample(string ImagePath, string Identity, bool IsGallery, SplitSide Side);

/// <summary>Rekognition's yes/no attribute names as the evaluation scores them.</summary>
public static class AttributeNames
{
    public const string Smile = "Smile";
    public const string MouthOpen = "MouthOpen";
    public const string EyesOpen = "EyesOpen";
    public const string Eyeglasses = "Eyeglasses";
    public const string Sunglasses = "Sunglasses";
    public const string Beard = "Beard";
    public const string Mustache = "Mustache";

    /// <summary>Every attribute, in report order.</summary>
    public static IReadOnlyList<string> All { get; } = [Smile, MouthOpen, EyesOpen, Eyeglasses, Sunglasses, Beard, Mustache];
}

/// <summary>A photo of one labelled person; the side follows the identity.</summary>
public sealed record IdentityImage(string ImagePath, string Identity, SplitSide Side)
{
    public static IdentityImage Create(string imagePath, string identity) =>
        new(imagePath, identity, DatasetSplit.SideOf(identity));
}
