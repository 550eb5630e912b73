using System.Text.Json.Serialization;
using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Api.Faces;

// Compare and search answer in Rekognition's shapes and names (PascalCase, as CompareFaces, SearchFaces and
// SearchFacesByImage do); people, like the rest of the application's API, in camelCase.

/// <summary><c>POST /api/compare</c>: the largest face of the source photo (or <see cref="SourceFaceId"/>) against every face of the target photo.</summary>
/// <param name="SourcePhotoId">Photo holding the face to look for.</param>
/// <param name="TargetPhotoId">Photo to look in.</param>
/// <param name="SourceFaceId">A face of the source photo (an <c>id</c> of its analysis); default its largest face.</param>
/// <param name="SimilarityThreshold">Least similarity (0-100) of a match; default 80, as Rekognition's.</param>
public sealed record CompareRequest(Guid SourcePhotoId, Guid TargetPhotoId, Guid? SourceFaceId, float? SimilarityThreshold);

/// <summary>A box as a share of the image's width and height (Rekognition's <c>BoundingBox</c>).</summary>
public sealed record RekognitionBox(
    [property: JsonPropertyName("Width")] float Width,
    [property: JsonPropertyName("Height")] float Height,
    [property: JsonPropertyName("Left")] float Left,
    [property: JsonPropertyName("Top")] float Top)
{
    public static RekognitionBox From(BoundingBox box) => new(box.Width, box.Height, box.Left, box.Top);
}

/// <summary>A face of a compared photo: CompareFaces' <c>ComparedFace</c> plus our face id.</summary>
public sealed record ComparedFaceBody(
    [property: JsonPropertyName("BoundingBox")] RekognitionBox BoundingBox,
    [property: JsonPropertyName("Confidence")] float Confidence,
    [property: JsonPropertyName("FaceId")] Guid FaceId);

/// <summary>A target face at or above the threshold; <see cref="Similarity"/> is 0-100.</summary>
public sealed record CompareMatchBody(
    [property: JsonPropertyName("Similarity")] float Similarity,
    [property: JsonPropertyName("Face")] ComparedFaceBody Face);

/// <summary>Rekognition CompareFaces' response: matches best first, the other target faces unmatched.</summary>
public sealed record CompareFacesResponse(
    [property: JsonPropertyName("SourceImageFace")] ComparedFaceBody SourceImageFace,
    [property: JsonPropertyName("FaceMatches")] IReadOnlyList<CompareMatchBody> FaceMatches,
    [property: JsonPropertyName("UnmatchedFaces")] IReadOnlyList<ComparedFaceBody> UnmatchedFaces);

/// <summary><c>POST /api/faces/{faceId}/search</c>.</summary>
/// <param name="Threshold">Least similarity (0-100) of a match; default 80.</param>
/// <param name="MaxResults">Most matches returned, best first; default 100, at most 4096.</param>
public sealed record SearchRequest(float? Threshold, int? MaxResults);

/// <summary>A face found by a search: which photo, where, and how sure the detector was.</summary>
public sealed record FoundFaceBody(
    [property: JsonPropertyName("FaceId")] Guid FaceId,
    [property: JsonPropertyName("PhotoId")] Guid PhotoId,
    [property: JsonPropertyName("BoundingBox")] RekognitionBox BoundingBox,
    [property: JsonPropertyName("Confidence")] float Confidence);

/// <summary>A match of a search; <see cref="Similarity"/> is 0-100.</summary>
public sealed record FaceMatchBody(
    [property: JsonPropertyName("Similarity")] float Similarity,
    [property: JsonPropertyName("Face")] FoundFaceBody Face);

/// <summary>Rekognition SearchFaces' response over the user's photos.</summary>
public sealed record SearchFacesResponse(
    [property: JsonPropertyName("SearchedFaceId")] Guid SearchedFaceId,
    [property: JsonPropertyName("FaceMatches")] IReadOnlyList<FaceMatchBody> FaceMatches);

/// <summary>Rekognition SearchFacesByImage's response: the largest face of the sent photo, and its matches.</summary>
public sealed record SearchFacesByImageResponse(
    [property: JsonPropertyName("SearchedFaceBoundingBox")] RekognitionBox SearchedFaceBoundingBox,
    [property: JsonPropertyName("SearchedFaceConfidence")] float SearchedFaceConfidence,
    [property: JsonPropertyName("FaceMatches")] IReadOnlyList<FaceMatchBody> FaceMatches);

/// <summary>A box as a share of the photo's width and height.</summary>
public sealed record FaceBox(float Width, float Height, float Left, float Top);

/// <summary>A face of a person.</summary>
/// <param name="FaceId">The face (an <c>id</c> of its photo's analysis).</param>
/// <param name="PhotoId">Its photo.</param>
/// <param name="BoundingBox">Where in the photo.</param>
/// <param name="PersonId">Its person, or null.</param>
/// <param name="MovedByHand">True when the owner moved it: clustering leaves it where it is.</param>
public sealed record PersonFaceResponse(Guid FaceId, Guid PhotoId, FaceBox BoundingBox, Guid? PersonId, bool MovedByHand);

/// <summary>A person: named or not, how many faces and photos, and the face shown for them.</summary>
public sealed record PersonResponse(Guid Id, string? Name, int FaceCount, int PhotoCount, PersonFaceResponse? CoverFace);

/// <summary>A person with all their faces, newest photo first.</summary>
public sealed record PersonFacesResponse(PersonResponse Person, IReadOnlyList<PersonFaceResponse> Faces);

/// <summary><c>PATCH /api/people/{id}</c>: the new name; null or blank removes it.</summary>
public sealed record RenamePersonRequest(string? Name);

/// <summary><c>POST /api/people/{id}/merge</c>: the person whose faces move into this one (and who is then deleted).</summary>
public sealed record MergePeopleRequest(Guid OtherPersonId);

/// <summary><c>POST /api/faces/{faceId}/person</c>: the person to move the face into, or null to take it out of every person.</summary>
public sealed record MoveFaceRequest(Guid? PersonId);

/// <summary>The face recognition switch of the signed-in user.</summary>
/// <param name="Enabled">On: descriptors are kept, faces are searchable and grouped into people.</param>
public sealed record FaceSettingsResponse(bool Enabled);

/// <summary><c>PUT /api/faces/settings</c>.</summary>
public sealed record FaceSettingsRequest(bool Enabled);
