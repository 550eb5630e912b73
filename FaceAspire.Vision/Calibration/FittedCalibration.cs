namespace FaceAspire.Vision.Calibration;

/// <summary>The calibration the engine ships with; see the remarks on each member for how it was produced.</summary>
public static class FittedCalibration
{
    /// <summary>Not fitted yet: Smile, MouthOpen and EyesOpen are omitted.</summary>
    public static ExpressionCalibration Expressions { get; } = new(null, null, null);

    /// <summary>
    /// FaceRes descriptor cosine to similarity, fitted on the TRAIN side of the identity-disjoint split (SHA-256 of the
    /// identity, see the evaluation project's <c>DatasetSplit</c>) of the CelebA in-the-wild eval folder: 19 identities,
    /// 300 same-person and 300 different-person pairs drawn with a fixed seed from their 381 photos, largest face of
    /// each photo (9 pairs had a photo without a found face). The equal-error cosine there is 0.492 (FRR 10.1 %,
    /// FAR 10.2 %), which maps to similarity 80; the slope is the logistic-regression slope of "same person" on cosine
    /// over the same pairs (25.6). Figures on the validation side are the evaluation's to report.
    /// </summary>
    public static SimilarityCalibration? Similarity { get; } = new(0.492f, 25.6f);
}
