using System.ComponentModel.DataAnnotations;

namespace FaceAspire.Api.Alerts;

/// <summary>How alerts leave the API.</summary>
public enum AlertTransport
{
    /// <summary><c>POST /alerts</c> on the alert function, found by service discovery (<c>http://alertfunction</c>).</summary>
    Http,

    /// <summary>A message on an SQS queue that triggers the alert function on AWS Lambda.</summary>
    Sqs,
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
    /// The shared secret sent as <c>X-FaceAspire-Alert-Key</c>; defaults to <c>AlertFunction:ApiKey</c>, the function's
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
}

/// <summary>The SQS queue of <see cref="AlertTransport.Sqs"/> (section <c>Alerts:Sqs</c>).</summary>
public sealed class SqsAlertOptions
{
    public string? QueueUrl { get; set; }

    /// <summary>An SQS-compatible endpoint instead of AWS (local testing); region from <see cref="Region"/>.</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Static credentials (both or neither); otherwise the standard AWS chain (instance role on EC2).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }
}

/// <summary>Public address of the web app (section <c>App</c>), for links in emails.</summary>
public sealed class AppOptions
{
    public const string SectionName = "App";

    /// <summary>For example <c>https://faces.example.com</c>; review links are <c>{PublicBaseUrl}/admin/reviews/{id}</c>.</summary>
    [Required]
    public Uri PublicBaseUrl { get; set; } = new("http://localhost:5173");
}
