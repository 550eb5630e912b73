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
            // Without a descriptor (recognition off) the face belongs to nobody.
            Embedding = fresh.Embedding,
            PersonId = fresh.Embedding is null ? null : match.PersonId,
            PersonLocked = fresh.Embedding is not null && match.PersonLocked,
        };
    }

    private static float IntersectionOverUnion(PhotoFace a, PhotoFace b)
    {
        var width = Math.Min(a.BoxLeft + a.BoxWidth, b.BoxLeft + b.BoxWidth) - Math.Max(a.BoxLeft, b.BoxLeft);
        var height = Math.Min(a.BoxTop + a.BoxHeight, b.BoxTop + b.BoxHeight) - Math.Max(a.BoxTop, b.BoxTop);
        if (width <= 0 || height <= 0)
        {
            return 0;
        }

        var intersection = width * height;
        return intersection / ((a.BoxWidth * a.BoxHeight) + (b.BoxWidth * b.BoxHeight) - intersection);
    }
}
