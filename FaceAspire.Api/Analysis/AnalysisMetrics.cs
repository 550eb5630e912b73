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
    private readonly Histogram<int> _faces;
    private long _queueDepth;

    public AnalysisMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(MeterName);
        _duration = _meter.CreateHistogram<double>("faceaspire.analysis.job.duration", "s", "Time from claim to stored result of one attempt");
        _completed = _meter.CreateCounter<long>("faceaspire.analysis.jobs.completed", "{job}", "Jobs that stored a result");
        _failures = _meter.CreateCounter<long>("faceaspire.analysis.jobs.failures", "{attempt}", "Failed attempts, by whether the job will be retried");
        _faces = _meter.CreateHistogram<int>("faceaspire.analysis.faces", "{face}", "Faces found per analysed photo",
            advice: new InstrumentAdvice<int> { HistogramBucketBoundaries = [0, 1, 2, 3, 4, 6, 8, 12, 16, 24, 32, 64] });
        _meter.CreateObservableGauge("faceaspire.analysis.queue.depth", () => Interlocked.Read(ref _queueDepth), "{job}", "Jobs waiting or running, as last counted");
    }

    public void RecordQueueDepth(long depth) => Interlocked.Exchange(ref _queueDepth, depth);

    public void RecordSuccess(TimeSpan duration, int faces)
    {
        _duration.Record(duration.TotalSeconds);
        _faces.Record(faces);
        _completed.Add(1);
    }

    public void RecordFailure(bool final) => _failures.Add(1, new KeyValuePair<string, object?>("final", final));

    public void Dispose() => _meter.Dispose();
}
