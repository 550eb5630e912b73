using System.Text.Json;

namespace FaceAspire.AlertFunction.Contracts;

/// <summary>Outcome of reading an alert: the valid alert, or why it was rejected.</summary>
/// <param name="Alert">The alert when it is usable.</param>
/// <param name="FormatError">Set when the body is not a JSON alert at all.</param>
/// <param name="Errors">Field errors when the JSON is well formed but invalid.</param>
public sealed record AlertReadResult(ValidAlert? Alert, string? FormatError, IDictionary<string, string[]> Errors)
{
    /// <summary>A one-line description of what is wrong, for logs and Lambda error results.</summary>
    public string Describe() => FormatError ?? string.Join(" ", Errors.SelectMany(entry => entry.Value));
}

/// <summary>Reads an <see cref="AlertMessage"/> from JSON and validates it; shared by both hosts.</summary>
public static class AlertMessageReader
{
    private static readonly Dictionary<string, string[]> NoErrors = [];

    /// <summary>Reads an alert from a request body; <paramref name="reviewBase"/> is where review links must lie.</summary>
    public static async Task<AlertReadResult> ReadAsync(Stream body, Uri? reviewBase, CancellationToken cancellationToken)
    {
        try
        {
            var message = await JsonSerializer.DeserializeAsync<AlertMessage>(body, AlertJson.Options, cancellationToken).ConfigureAwait(false);
            return Validate(message, reviewBase);
        }
        catch (JsonException exception)
        {
            return Malformed(exception);
        }
    }

    /// <summary>Reads an alert from a JSON string (an SQS message body); <paramref name="reviewBase"/> is where review links must lie.</summary>
    public static AlertReadResult Read(string? json, Uri? reviewBase)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return new AlertReadResult(null, "The alert body is empty.", NoErrors);
        }

        try
        {
            return Validate(JsonSerializer.Deserialize<AlertMessage>(json, AlertJson.Options), reviewBase);
        }
        catch (JsonException exception)
        {
            return Malformed(exception);
        }
    }

    private static AlertReadResult Validate(AlertMessage? message, Uri? reviewBase)
    {
        if (message is null)
        {
            return new AlertReadResult(null, "The alert body must be a JSON object.", NoErrors);
        }

        var (alert, errors) = AlertMessageValidator.Validate(message, reviewBase);
        return new AlertReadResult(alert, null, errors);
    }

    // The serializer's message names the offending JSON path without echoing the payload.
    private static AlertReadResult Malformed(JsonException exception) =>
        new(null, $"The alert body is not valid JSON for an alert: {exception.Message}", NoErrors);
}
