using System.Text.Json;

namespace FaceAspire.Api.Analysis.Sqs;

/// <summary>The body of an analysis message on SQS: which photo's job to run. The job's state lives in the database.</summary>
public sealed record AnalysisJobMessage(Guid PhotoId)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The service key of the SQS client of this queue (the alert transport may use another).</summary>
    public const string ClientKey = "analysis";

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    /// <summary>The message, or null for a body that is not one (it is deleted rather than retried).</summary>
    public static AnalysisJobMessage? TryParse(string? body)
    {
        try
        {
            return body is null ? null : JsonSerializer.Deserialize<AnalysisJobMessage>(body, Json) is { PhotoId: var id } message && id != Guid.Empty ? message : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
