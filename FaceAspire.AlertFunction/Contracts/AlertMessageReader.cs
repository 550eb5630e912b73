using System.Text.Json;

namespace FaceAspire.AlertFunction.Contracts;

/// <summary>Outcome of reading a message: the valid message, or why it was rejected.</summary>
/// <param name="Message">The message (a <see cref="ValidAlert"/> or a <see cref="ValidAccountNotice"/>) when it is usable.</param>
/// <param name="FormatError">Set when the body is not a JSON message at all.</param>
/// <param name="Errors">Field errors when the JSON is well formed but invalid.</param>
public sealed record AlertReadResult(IValidMessage? Message, string? FormatError, IDictionary<string, string[]> Errors)
{
    /// <summary>A one-line description of what is wrong, for logs and Lambda error results.</summary>
    public string Describe() => FormatError ?? string.Join(" ", Errors.SelectMany(entry => entry.Value));
}

/// <summary>
/// Reads a message from JSON and validates it; shared by both hosts. The body's <c>kind</c> says what it is:
/// <c>review-alert</c> (or none) for an <see cref="AlertMessage"/>, <c>account-notice</c> for an <see cref="AccountNoticeMessage"/>.
/// </summary>
public static class AlertMessageReader
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    /// <summary>Reads a message from a request body; <paramref name="reviewBase"/> is where review links must lie.</summary>
    public static async Task<AlertReadResult> ReadAsync(Stream body, Uri? reviewBase, CancellationToken cancellationToken)
    {
        try
        {
            using var document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            return Validate(document.RootElement, reviewBase);
        }
        catch (JsonException exception)
        {
            return Malformed(exception);
        }
    }

    /// <summary>Reads a message from a JSON string (an SQS or SNS message body); <paramref name="reviewBase"/> is where review links must lie.</summary>
    public static AlertReadResult Read(string? json, Uri? reviewBase)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new AlertReadResult(null, "The alert body is empty.", NoErrors);
        }

        try
        {
            using var document = JsonDocument.Parse(json);
            return Validate(document.RootElement, reviewBase);
        }
        catch (JsonException exception)
        {
            return Malformed(exception);
        }
    }

    private static AlertReadResult Validate(JsonElement body, Uri? reviewBase)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return new AlertReadResult(null, "The alert body must be a JSON object.", NoErrors);
        }

        var kind = body.TryGetProperty("kind", out var value) ? value : default;
        if (kind.ValueKind is JsonValueKind.Undefined or JsonValueKind.Null
            || (kind.ValueKind == JsonValueKind.String && kind.GetString() == AlertMessage.MessageKind))
        {
            var (alert, errors) = AlertMessageValidator.Validate(body.Deserialize<AlertMessage>(AlertJson.Options)!, reviewBase);
            return new AlertReadResult(alert, null, errors);
        }

        if (kind.ValueKind == JsonValueKind.String && kind.GetString() == AccountNoticeMessage.MessageKind)
        {
            var (notice, errors) = AlertMessageValidator.Validate(body.Deserialize<AccountNoticeMessage>(AlertJson.Options)!);
            return new AlertReadResult(notice, null, errors);
        }

        return new AlertReadResult(null, null, new Dictionary<string, string[]>
        {
            ["kind"] = [$"kind must be {AlertMessage.MessageKind} (or absent) or {AccountNoticeMessage.MessageKind}."],
        });
    }

    // The serializer's message names the offending JSON path without echoing the payload.
    private static AlertReadResult Malformed(JsonException exception) =>
        new(null, $"The alert body is not valid JSON for an alert: {exception.Message}", NoErrors);
}
