namespace FaceAspire.Vision.Calibration;

/// <summary>The calibration the engine ships with; see the remarks on each member for how it was produced.</summary>
public static class FittedCalibration
{
    /// <summary>Not fitted yet: Smile, MouthOpen and EyesOpen are omitted.</summary>
    public static ExpressionCalibration Expressions { get; } = new(null, null, null);

    /// <summary>
    /// Descriptor cosine (<see cref="Attributes.AlignedFaceEmbedder"/>, 512-d, BGR input, flip-averaged; pipeline
    /// version 9) to similarity, fitted on
    /// the TRAIN side of the identity-disjoint split (SHA-256 of the identity, see the evaluation project's
    /// <c>DatasetSplit</c>) of the CelebA in-the-wild eval folder: all pairs of its 358 photos of 19 identities
    /// (3,992 same-person, 59,911 different-person pairs), largest face of each photo, a photo without a found face
    /// scoring cosine -1. The equal-error cosine there is 0.153 (FRR 7.5 %, FAR 7.5 %), which maps to similarity 80;
    /// the slope is the Platt slope of "same person" on cosine over every same-person pair and as many
    /// different-person pairs taken evenly (8.7). <c>faceaspire evaluate --task verification</c> refits both with
    /// <c>SimilarityCalibrationFit</c> and prints them next to these.
    /// </summary>
    public static SimilarityCalibration? Similarity { get; } = new(0.153f, 8.7f);
}
