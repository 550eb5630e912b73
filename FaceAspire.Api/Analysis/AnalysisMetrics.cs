using System.Diagnostics.Metrics;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// Analysis metrics on the meter <see cref="MeterName"/>, exported by ServiceDefaults' OpenTelemetry (it adds
/// every <c>FaceAspire.*</c> meter).
/// </summary>
public sealed class AnalysisMetrics : IDisposable
{
    public const string MeterName = "FaceAspire.Api.Analysis";
    private readonly Meter _meter;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failures;
    private long _queueDepth;

    public AnalysisMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _duration = _meter.CreateHistogram<double>("faceaspire.analysis.job.duration", "s", "Time from claim to stored result of one attempt");
        _completed = _meter.CreateCounter<long>("faceaspire.analysis.jobs.completed", "{job}", "Jobs that stored a result");
        _failures = _meter.CreateCounter<long>("faceaspire.analysis.jobs.failures", "{attempt}", "Failed attempts, by whether the job will be retried");
        _meter.CreateObservableGauge("faceaspire.analysis.queue.depth", () => Interlocked.Read(ref _queueDepth), "{job}", "Jobs waiting or running, as last counted");
    }

    public void RecordQueueDepth(long depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public void RecordSuccess(TimeSpan duration)
    {
        _duration.Record(duration.TotalSeconds);
        _completed.Add(1);
    }

    public void RecordFailure(bool final) => _failures.Add(1, new KeyValuePair<string, object?>("final", final));

    public void Dispose() => _meter.Dispose();
}
