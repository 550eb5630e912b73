namespace FaceAspire.Api.Analysis;

/// <summary>
/// Keeps a face's identity through a re-analysis of its photo: a new face row lying where an earlier row of the same
/// photo lay (boxes overlapping by more than half) takes over that row's person and manual-move flag, and, from a row
/// of the same engine version (which the new rows replace), its id too, so links, search results and people stay
/// valid. The owner's names and corrections therefore survive re-analysis as they survive re-clustering.
/// </summary>
internal static class FaceContinuity
{
    private const float MinOverlap = 0.5f;

    public static PhotoFace Carry(PhotoFace fresh, IReadOnlyList<PhotoFace> previous)
    {
        var match = previous
            .Select(old => (Face: old, Overlap: IntersectionOverUnion(old, fresh)))
            .Where(x => x.Overlap > MinOverlap)
            .OrderByDescending(x => x.Face.EngineVersion == fresh.EngineVersion)
            .ThenByDescending(x => x.Overlap)
            .Select(x => x.Face)
            .FirstOrDefault();
        if (match is null)
        {
            return fresh;
        }

        return new PhotoFace
        {
            Id = match.EngineVersion == fresh.EngineVersion ? match.Id : fresh.Id,
            PhotoId = fresh.PhotoId,
            EngineVersion = fresh.EngineVersion,
            FaceIndex = fresh.FaceIndex,
            Confidence = fresh.Confidence,
            BoxLeft = fresh.BoxLeft,
            BoxTop = fresh.BoxTop,
            BoxWidth = fresh.BoxWidth,
            BoxHeight = fresh.BoxHeight,
            Smile = fresh.Smile,
            EyesOpen = fresh.EyesOpen,
            Detail = fresh.Detail,
            // Without a descriptor or a Rekognition face id (recognition off) the face belongs to nobody.
            Embedding = fresh.Embedding,
            RekognitionFaceId = fresh.RekognitionFaceId,
            PersonId = Matchable(fresh) ? match.PersonId : null,
            PersonLocked = Matchable(fresh) && match.PersonLocked,
        };
    }

    private static bool Matchable(PhotoFace face) => face.Embedding is not null || face.RekognitionFaceId is not null;

    /// <summary>How much two boxes (shares of the photo) overlap: intersection over union, 0-1.</summary>
    internal static float IntersectionOverUnion(PhotoFace a, PhotoFace b) =>
        IntersectionOverUnion(Box(a), Box(b));

    internal static Vision.Rekognition.BoundingBox Box(PhotoFace face) => new(face.BoxWidth, face.BoxHeight, face.BoxLeft, face.BoxTop);

    /// <inheritdoc cref="IntersectionOverUnion(PhotoFace, PhotoFace)"/>
    internal static float IntersectionOverUnion(Vision.Rekognition.BoundingBox a, Vision.Rekognition.BoundingBox b)
    {
        var width = Math.Min(a.Left + a.Width, b.Left + b.Width) - Math.Max(a.Left, b.Left);
        var height = Math.Min(a.Top + a.Height, b.Top + b.Height) - Math.Max(a.Top, b.Top);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        var intersection = width * height;
        return intersection / ((a.Width * a.Height) + (b.Width * b.Height) - intersection);
    }
}
