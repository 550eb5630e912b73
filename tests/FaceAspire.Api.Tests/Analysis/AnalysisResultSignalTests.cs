using FaceAspire.Api.Analysis;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>The registry that wakes requests waiting for an analysis to end (GET .../analysis?wait=N).</summary>
public sealed class AnalysisResultSignalTests
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_notification_for_the_photo_ends_the_wait_and_others_do_not()
    {
        var signal = new AnalysisResultSignal();
        var photo = Guid.NewGuid();
        var ended = signal.Ended(photo);

        signal.OnNotification(Guid.NewGuid().ToString());
        signal.OnNotification("not a photo id");
        ended.IsCompleted.ShouldBeFalse();
        signal.OnNotification(photo.ToString());

        ended.IsCompletedSuccessfully.ShouldBeTrue();
        var started = DateTimeOffset.UtcNow;
        await signal.WaitAsync(photo, ended, TimeSpan.FromSeconds(10), Cancellation);
        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Two_waiters_on_one_photo_are_both_woken()
    {
        var signal = new AnalysisResultSignal();
        var photo = Guid.NewGuid();
        var first = signal.Ended(photo);
        var second = signal.Ended(photo);

        signal.OnNotification(photo.ToString());

        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(5), Cancellation);
    }

    [Fact]
    public async Task A_wait_nobody_ends_returns_after_its_timeout_and_leaves_nothing_behind()
    {
        var signal = new AnalysisResultSignal();
        var photo = Guid.NewGuid();
        var ended = signal.Ended(photo);
        var started = DateTimeOffset.UtcNow;

        await signal.WaitAsync(photo, ended, TimeSpan.FromMilliseconds(300), Cancellation);

        (DateTimeOffset.UtcNow - started).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));
        ended.IsCompleted.ShouldBeFalse();
        signal.Ended(photo).ShouldNotBeSameAs(ended, "the timed-out entry is dropped; a new wait gets a new one");
    }

    [Fact]
    public void Listening_stopping_or_starting_wakes_every_waiter_to_read_its_analysis_again()
    {
        var signal = new AnalysisResultSignal();
        var waits = Enumerable.Range(0, 3).Select(_ => signal.Ended(Guid.NewGuid())).ToList();

        signal.OnListeningChanged(listening: false);

        waits.ShouldAllBe(w => w.IsCompletedSuccessfully);
    }
}
