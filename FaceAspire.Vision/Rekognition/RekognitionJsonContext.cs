using System.Text.Json.Serialization;

namespace FaceAspire.Vision.Rekognition;

/// <summary>
/// Source-generated JSON for the Rekognition shapes: PascalCase names exactly as declared, nulls omitted
/// (Rekognition leaves out attributes it was not asked for).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(FaceDetail))]
[JsonSerializable(typeof(IReadOnlyList<FaceDetail>))]
[JsonSerializable(typeof(CompareFacesResult))]
public sealed partial class RekognitionJsonContext : JsonSerializerContext;
