using System.Diagnostics;
using OpenTelemetry.Trace;

namespace FaceAspire.ServiceDefaults;

/// <summary>
/// Samples every trace except those that would begin with a client call: the database polls of the background loops
/// (job claims, outbox reads) run every few seconds outside any operation and would bury the traces that matter. A
/// client call inside an operation (a request, an analysis job, an alert delivery) is sampled with its parent.
/// </summary>
public sealed class QuietRootClientSampler : Sampler
{
    public override SamplingResult ShouldSample(in SamplingParameters samplingParameters) =>
        samplingParameters.ParentContext.TraceId == default && samplingParameters.Kind == ActivityKind.Client
            ? new SamplingResult(SamplingDecision.Drop)
            : new SamplingResult(SamplingDecision.RecordAndSample);
}
