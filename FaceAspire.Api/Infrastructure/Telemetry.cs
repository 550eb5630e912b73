using System.Diagnostics;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// The API's own spans. Work that continues later from a row (an analysis job, an alert outbox entry) keeps the W3C
/// <c>traceparent</c> of the request that created the row, so one upload is one trace from the proxy to the e-mail.
/// </summary>
public static class Telemetry
{
    /// <summary>Name of the API's activity source (ServiceDefaults exports every <c>FaceAspire.*</c> source).</summary>
    public const string ActivitySourceName = "FaceAspire.Api";

    public static readonly ActivitySource Source = new(ActivitySourceName);

    /// <summary>The current span as a W3C <c>traceparent</c> to store with a row, or null outside a trace.</summary>
    public static string? CurrentTraceParent =>
        Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;

    /// <summary>Starts a span that continues the trace stored with a row; a new trace when none was stored.</summary>
    public static Activity? StartContinuing(string name, string? traceParent, ActivityKind kind = ActivityKind.Consumer) =>
        ActivityContext.TryParse(traceParent, traceState: null, out var parent)
            ? Source.StartActivity(name, kind, parent)
            : Source.StartActivity(name, kind);
}
