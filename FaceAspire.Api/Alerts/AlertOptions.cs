using System.ComponentModel.DataAnnotations;
using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Alerts;

/// <summary>How alerts leave the API.</summary>
public enum AlertTransport
{
    /// <summary><c>POST /alerts</c> on the alert function, found by service discovery (<c>http://alertfunction</c>).</summary>
    Http,

    /// <summary>A message on an SQS queue that triggers the alert function on AWS Lambda.</summary>
    Sqs,

    /// <summary>A message on an SNS topic the alert function on AWS Lambda is subscribed to (the AWS deployment's path).</summary>
    Sns,
}

/// <summary>Low-confidence alert settings (section <c>Alerts</c>).</summary>
public sealed class AlertOptions
{
    public const string SectionName = "Alerts";

    /// <summary>A photo is flagged when no face reaches this confidence (0-100); no face at all counts too.</summary>
    [Range(0, 100)]
    public double ConfidenceThreshold { get; set; } = 50;

    public AlertTransport Transport { get; set; } = AlertTransport.Http;

    /// <summary>Base address of the alert function for <see cref="AlertTransport.Http"/>, resolved by service discovery.</summary>
    [Required]
    public Uri FunctionUrl { get; set; } = new("http://alertfunction");

    /// <summary>
    /// The shared secret that signs each request (HMAC-SHA256, <see cref="AlertRequestSigner"/>); defaults to <c>AlertFunction:ApiKey</c>, the function's
    /// own setting. Without it alerts stay in the outbox (and are logged) until it is configured.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>Pause before the second delivery attempt; doubled after each failure up to <see cref="MaxRetryDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How often the dispatcher looks for due alerts when nothing woke it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Run the dispatcher on this instance.</summary>
    public bool DispatcherEnabled { get; set; } = true;

    public SqsAlertOptions Sqs { get; set; } = new();

    public SnsAlertOptions Sns { get; set; } = new();
}

/// <summary>The SQS queue of <see cref="AlertTransport.Sqs"/> (section <c>Alerts:Sqs</c>).</summary>
public sealed class SqsAlertOptions : AwsEndpointOptions
{
    public string? QueueUrl { get; set; }
}

/// <summary>The SNS topic of <see cref="AlertTransport.Sns"/> (section <c>Alerts:Sns</c>).</summary>
public sealed class SnsAlertOptions : AwsEndpointOptions
{
    /// <summary>For example <c>arn:aws:sns:eu-west-1:123456789012:FaceAspire-AlertsTopic</c>.</summary>
    public string? TopicArn { get; set; }

    /// <summary>The topic's region, read from its ARN (<see cref="AwsEndpointOptions.Region"/> when the ARN has none).</summary>
    public string SigningRegion => TopicArn?.Split(':') is [_, _, "sns", { Length: > 0 } region, ..] ? region : Region;

    /// <summary><see cref="AwsEndpointOptions.ServiceUrl"/>, or SNS's regional endpoint.</summary>
    public Uri Endpoint => string.IsNullOrWhiteSpace(ServiceUrl)
        ? new Uri($"https://sns.{SigningRegion}.amazonaws.com/")
        : new Uri(ServiceUrl.TrimEnd('/') + "/");
}

/// <summary>Public address of the web app (section <c>App</c>), for links in emails.</summary>
public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>For example <c>https://faces.example.com</c>; review links are <c>{PublicBaseUrl}/admin/reviews/{id}</c>.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5173");
}
