using System.Text.Json;
using FaceAspire.AlertFunction.Contracts;

namespace FaceAspire.AlertFunction.Lambda;

/// <summary>
/// Handles one SNS event (<c>Records[].Sns.Message</c>, one alert each). SNS invokes Lambda asynchronously, so there is
/// no partial batch response: when any record was not delivered the invocation fails, Lambda retries it (twice) and
/// then sends it to the function's dead-letter queue. Records already emailed are duplicates on retry, which the
/// delivery log acknowledges without emailing again.
/// </summary>
public sealed class SnsAlertProcessor(LambdaAlertRecord records)
{
    /// <summary>True when <paramref name="payload"/> is an SNS event (its records carry <c>EventSource = aws:sns</c>).</summary>
    public static bool IsSnsEvent(JsonElement payload) =>
        payload.ValueKind == JsonValueKind.Object
        && payload.TryGetProperty("Records", out var list) && list.ValueKind == JsonValueKind.Array && list.GetArrayLength() > 0
        && list[0].ValueKind == JsonValueKind.Object
        && list[0].TryGetProperty("EventSource", out var source) && source.ValueKind == JsonValueKind.String && source.GetString() == "aws:sns";

    /// <summary>Processes <paramref name="eventJson"/>; throws <see cref="AlertsNotDeliveredException"/> when a record must be retried.</summary>
    public async Task<SnsDeliveryResult> ProcessAsync(string eventJson, CancellationToken cancellationToken)
    {
        var snsEvent = JsonSerializer.Deserialize<SnsEvent>(eventJson, AlertJson.Options);
        if (snsEvent?.Records is not { Count: > 0 } notifications || notifications.Any(record => record.Sns?.MessageId is null))
        {
            throw new InvalidDataException("The invocation payload is not an SNS event: Records[].Sns.MessageId is missing.");
        }

        var failed = new List<string>();
        foreach (var notification in notifications)
        {
            if (!await records.DeliverAsync("SNS", notification.Sns!.MessageId, notification.Sns.Message, cancellationToken).ConfigureAwait(false))
            {
                failed.Add(notification.Sns.MessageId!);
            }
        }

        return failed.Count == 0
            ? new SnsDeliveryResult(notifications.Count)
            : throw new AlertsNotDeliveredException($"SNS message(s) {string.Join(", ", failed)} not delivered; Lambda retries the invocation.");
    }
}

/// <summary>The part of an SNS event the function reads (<c>Records[].Sns.MessageId</c>, <c>Message</c>).</summary>
public sealed record SnsEvent(IReadOnlyList<SnsRecord>? Records);

/// <summary>One SNS notification record.</summary>
public sealed record SnsRecord(string? EventSource, SnsNotification? Sns);

/// <summary>The notification; its message is an <see cref="Contracts.AlertMessage"/> in JSON.</summary>
public sealed record SnsNotification(string? MessageId, string? TopicArn, string? Message);

/// <summary>The invocation's result when every record was delivered (asynchronous invocations ignore it; logged for tests and tracing).</summary>
public sealed record SnsDeliveryResult(int Delivered);

/// <summary>Some records of an SNS event were not delivered; failing the invocation makes Lambda retry it.</summary>
public sealed class AlertsNotDeliveredException(string message) : Exception(message);
