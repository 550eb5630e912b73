using FaceAspire.Vision.Rekognition;

namespace FaceAspire.Api.Rekognition;

// Request and response shapes of Amazon Rekognition's JSON 1.1 API, with its member names. Optional members are
// nullable and left out of responses when null (see RekognitionProtocol.Json).

public sealed record S3ObjectBody(string? Bucket, string? Name, string? Version);

public sealed record ImageBody(byte[]? Bytes, S3ObjectBody? S3Object);

public sealed record DetectFacesRequest(ImageBody? Image, IReadOnlyList<string>? Attributes);

public sealed record DetectFacesResponse(IReadOnlyList<FaceDetail> FaceDetails);

public sealed record CompareFacesRequest(ImageBody? SourceImage, ImageBody? TargetImage, float? SimilarityThreshold, string? QualityFilter);

public sealed record CompareFacesResponse(
    ComparedSourceImageFace? SourceImageFace, IReadOnlyList<CompareFacesMatch> FaceMatches, IReadOnlyList<ComparedFace> UnmatchedFaces);

public sealed record CollectionRequest(string? CollectionId);

public sealed record CreateCollectionResponse(int StatusCode, string CollectionArn, string FaceModelVersion);

public sealed record DeleteCollectionResponse(int StatusCode);

public sealed record ListCollectionsRequest(int? MaxResults, string? NextToken);

public sealed record ListCollectionsResponse(IReadOnlyList<string> CollectionIds, IReadOnlyList<string> FaceModelVersions, string? NextToken);

public sealed record DescribeCollectionResponse(long FaceCount, string FaceModelVersion, string CollectionARN, double CreationTimestamp);

public sealed record IndexFacesRequest(
    string? CollectionId, ImageBody? Image, string? ExternalImageId, IReadOnlyList<string>? DetectionAttributes, int? MaxFaces, string? QualityFilter);

/// <summary>A face in a collection.</summary>
public sealed record FaceBody(Guid FaceId, BoundingBox BoundingBox, Guid ImageId, string? ExternalImageId, float Confidence, string? IndexFacesModelVersion = null);

public sealed record FaceRecord(FaceBody Face, FaceDetail FaceDetail);

public sealed record UnindexedFace(IReadOnlyList<string> Reasons, FaceDetail FaceDetail);

public sealed record IndexFacesResponse(IReadOnlyList<FaceRecord> FaceRecords, string FaceModelVersion, IReadOnlyList<UnindexedFace> UnindexedFaces);

public sealed record ListFacesRequest(string? CollectionId, int? MaxResults, string? NextToken);

public sealed record ListFacesResponse(IReadOnlyList<FaceBody> Faces, string? NextToken, string FaceModelVersion);

public sealed record DeleteFacesRequest(string? CollectionId, IReadOnlyList<string>? FaceIds);

public sealed record DeleteFacesResponse(IReadOnlyList<string> DeletedFaces);

public sealed record SearchFacesRequest(string? CollectionId, string? FaceId, int? MaxFaces, float? FaceMatchThreshold);

public sealed record FaceMatch(float Similarity, FaceBody Face);

public sealed record SearchFacesResponse(string SearchedFaceId, IReadOnlyList<FaceMatch> FaceMatches, string FaceModelVersion);

public sealed record SearchFacesByImageRequest(string? CollectionId, ImageBody? Image, int? MaxFaces, float? FaceMatchThreshold, string? QualityFilter);

public sealed record SearchFacesByImageResponse(
    BoundingBox SearchedFaceBoundingBox, float SearchedFaceConfidence, IReadOnlyList<FaceMatch> FaceMatches, string FaceModelVersion);
