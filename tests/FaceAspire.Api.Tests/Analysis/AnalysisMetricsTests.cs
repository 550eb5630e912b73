using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using FaceAspire.Api.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>The analysis meter reports what the workers do.</summary>
public sealed class AnalysisMetricsTests(ManualAnalysisApiFactory factory) : ApiTest<ManualAnalysisApiFactory>(factory), IClassFixture<ManualAnalysisApiFactory>
{
    [Fact]
    public async Task Job_latency_completions_and_queue_depth_are_measured()
    {
        var measurements = new ConcurrentQueue<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AnalysisMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Enqueue((instrument.Name, value)));
        listener.Start();

        var user = await SignUpAsync();
        await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var worker = Factory.Services.GetRequiredService<AnalysisWorkerService>();
        (await worker.RunOnceAsync(Cancellation)).ShouldBeTrue();

        // Counted as the busy worker claimed its job: that job running and the other waiting.
        listener.RecordObservableInstruments();
        measurements.Last(m => m.Name == "faceaspire.analysis.queue.depth").Value.ShouldBe(2);

        measurements.Where(m => m.Name == "faceaspire.analysis.job.duration").ShouldHaveSingleItem().Value.ShouldBeGreaterThan(0);
        measurements.Count(m => m.Name == "faceaspire.analysis.jobs.completed").ShouldBe(1);

        // Claiming the second job leaves an empty queue; the idle pass then counts what is outstanding.
        (await worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        (await worker.RunOnceAsync(Cancellation)).ShouldBeFalse();
        listener.RecordObservableInstruments();
        measurements.Last(m => m.Name == "faceaspire.analysis.queue.depth").Value.ShouldBe(0);
    }
}
