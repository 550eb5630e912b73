using System.Text.Json;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Rekognition;

/// <summary>
/// A client of Amazon Rekognition's JSON 1.1 API (AWSSDK.Rekognition is not available): one signed <c>POST /</c> per
/// operation, Signature Version 4 by <see cref="AwsQuerySigner"/> with credentials from <see cref="AwsEndpointOptions"/>
/// (static keys, or AWSSDK.Core's default chain: environment, profile, container or instance role). Errors come back as
/// <see cref="RekognitionException"/> with Rekognition's error name, whether from AWS or a compatible endpoint.
/// Throttling (<see cref="IsThrottling"/>) is retried <see cref="ThrottlingRetries"/> times with doubling delays, as the
/// AWS SDKs do; what is still throttled after that is the caller's to back off from (the analysis job's retry).
/// </summary>
public sealed class RekognitionServiceClient(HttpClient http, AwsEndpointOptions settings, TimeProvider time)
{
    /// <summary>Retries of a throttled request before its error is thrown.</summary>
    public const int ThrottlingRetries = 2;

    /// <summary>Delay before the first retry of a throttled request; doubled for each further one.</summary>
    public TimeSpan ThrottlingDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Rekognition's answers to too many requests: the caller should slow down and try again.</summary>
    public static bool IsThrottling(RekognitionException error) =>
        error?.ErrorName is "ThrottlingException" or "ProvisionedThroughputExceededException" or "LimitExceededException";

    /// <summary>Rekognition in the configured region, or the compatible endpoint of <see cref="AwsEndpointOptions.ServiceUrl"/>.</summary>
    public Uri Endpoint { get; } = string.IsNullOrWhiteSpace(settings.ServiceUrl)
        ? new Uri($"https://rekognition.{settings.Region}.amazonaws.com/")
        : new Uri(settings.ServiceUrl.TrimEnd('/') + "/");

    public async Task<TResponse> SendAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
    {
        for (var retry = 0; ; retry++)
        {
            try
            {
                return await SendOnceAsync<TRequest, TResponse>(operation, request, cancellationToken);
            }
            catch (RekognitionException error) when (IsThrottling(error) && retry < ThrottlingRetries)
            {
                await Task.Delay(ThrottlingDelay * (1 << retry), time, cancellationToken);
            }
        }
    }

    private async Task<TResponse> SendOnceAsync<TRequest, TResponse>(string operation, TRequest request, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.Serialize(request, RekognitionProtocol.Json);
        var credentials = await settings.Credentials().GetCredentialsAsync();
        using var message = AwsQuerySigner.CreatePost(
            Endpoint, body, credentials, settings.Region, RekognitionProtocol.SigningService, time.GetUtcNow(), RekognitionProtocol.ContentType,
            new Dictionary<string, string> { [RekognitionProtocol.TargetHeader] = RekognitionProtocol.TargetPrefix + operation });
        using var response = await http.SendAsync(message, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw Error((int)response.StatusCode, text, response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.First() : null);
        }

        return JsonSerializer.Deserialize<TResponse>(text, RekognitionProtocol.Json)
            ?? throw new RekognitionException("SerializationException", $"{operation} answered with an empty body.", (int)response.StatusCode);
    }

    /// <summary>
    /// The error of a failed response: <c>__type</c> (its part after <c>#</c>, as AWS SDKs read it) or else the
    /// <c>x-amzn-ErrorType</c> header (its part before <c>:</c>), and <c>message</c> or <c>Message</c>.
    /// </summary>
    public static RekognitionException Error(int statusCode, string body, string? errorTypeHeader)
    {
        string? name = null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                name = document.RootElement.TryGetProperty("__type", out var type) ? type.GetString() : null;
                message = document.RootElement.TryGetProperty("message", out var lower) ? lower.GetString()
                    : document.RootElement.TryGetProperty("Message", out var upper) ? upper.GetString() : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's error page): the header and the status say what there is to say.
        }

        name ??= errorTypeHeader?.Split(':')[0];
        name = name?[(name.LastIndexOf('#') + 1)..];
        return new RekognitionException(name ?? $"Http{statusCode}", message ?? $"Rekognition answered {statusCode}.", statusCode);
    }
}
