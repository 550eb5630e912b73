using System.Text.Json;
using System.Text.Json.Serialization;

namespace FaceAspire.Api.Rekognition;

/// <summary>
/// The AWS JSON 1.1 protocol as Rekognition speaks it: <c>POST /</c>, <c>Content-Type: application/x-amz-json-1.1</c>,
/// <c>X-Amz-Target: RekognitionService.&lt;Operation&gt;</c>; members named as declared, absent members left out;
/// errors as <c>{"__type", "message"}</c> with the error name also in <c>x-amzn-ErrorType</c>.
/// </summary>
public static class RekognitionProtocol
{
    public const string ContentType = "application/x-amz-json-1.1";
    public const string TargetHeader = "X-Amz-Target";
    public const string TargetPrefix = "RekognitionService.";

    /// <summary>The service name in the credential scope of signed requests.</summary>
    public const string SigningService = "rekognition";

    /// <summary>Largest request body read: a 5 MB image is ~6.7 MB in base64; beyond this nothing is parsed.</summary>
    public const int MaxBodyBytes = 8 * 1024 * 1024;

    private const string BodyItem = "FaceAspire.Rekognition.Body";

    public static JsonSerializerOptions Json { get; } = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        PropertyNamingPolicy = null,
        PropertyNameCaseInsensitive = false,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    /// <summary>The request body, read once (up to <see cref="MaxBodyBytes"/>) and kept for the signature check and the operation.</summary>
    public static async Task<byte[]> ReadBodyAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Items.TryGetValue(BodyItem, out var read) && read is byte[] body)
        {
            return body;
        }

        if (context.Request.ContentLength > MaxBodyBytes)
        {
            throw RekognitionException.ImageTooLarge($"The request body exceeds {MaxBodyBytes} bytes; images are limited to 5 MB.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int count;
        while ((count = await context.Request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            if (buffer.Length + count > MaxBodyBytes)
            {
                throw RekognitionException.ImageTooLarge($"The request body exceeds {MaxBodyBytes} bytes; images are limited to 5 MB.");
            }

            buffer.Write(chunk, 0, count);
        }

        body = buffer.ToArray();
        context.Items[BodyItem] = body;
        return body;
    }

    /// <summary>Writes an error in Rekognition's shape.</summary>
    public static Task WriteErrorAsync(HttpResponse response, string errorName, string? message, int statusCode)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = statusCode;
        response.ContentType = ContentType;
        response.Headers["x-amzn-ErrorType"] = errorName;
        response.Headers["x-amzn-RequestId"] = response.HttpContext.TraceIdentifier;
        var body = message is null
            ? new Dictionary<string, string> { ["__type"] = errorName }
            : new Dictionary<string, string> { ["__type"] = errorName, ["message"] = message };
        return response.WriteAsync(JsonSerializer.Serialize(body), response.HttpContext.RequestAborted);
    }

    /// <summary>Writes a successful response.</summary>
    public static Task WriteResultAsync<T>(HttpResponse response, T result)
    {
        ArgumentNullException.ThrowIfNull(response);
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = ContentType;
        response.Headers["x-amzn-RequestId"] = response.HttpContext.TraceIdentifier;
        return response.WriteAsync(JsonSerializer.Serialize(result, Json), response.HttpContext.RequestAborted);
    }
}
