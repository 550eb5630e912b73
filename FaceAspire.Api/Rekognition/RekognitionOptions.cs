using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Rekognition;

/// <summary>The Rekognition-compatible API (section <c>Rekognition</c>).</summary>
public sealed class RekognitionOptions
{
    public const string SectionName = "Rekognition";

    /// <summary>
    /// How long IndexFaces waits for the analysis of the photo it stores (the same analysis queue as uploads); past it
    /// the call answers ThrottlingException, which AWS clients retry, and the photo is analysed all the same.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan IndexTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
