using FaceAspire.Api.Analysis;
using FaceAspire.Vision.Imaging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FaceAspire.Api.Tests.Analysis;

public sealed class UploadHandoverTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>A display image and its pixels (a 1024 x 1024 photo, 3 MiB) of <paramref name="megabytes"/> MiB together.</summary>
    private static HandedOverImage Image(int megabytes) =>
        new(new byte[(megabytes - 3) * 1024 * 1024], new RgbImage(1024, 1024, new byte[3 * 1024 * 1024]));

    private static UploadHandover Handover(FakeTimeProvider clock, int megabytes = 64, int workers = 1) =>
        new(Options.Create(new AnalysisOptions { HandoverMegabytes = megabytes, Workers = workers }), clock);

    [Fact]
    public void An_image_is_taken_once_and_then_holds_nothing()
    {
        var handover = Handover(new FakeTimeProvider(Start));
        var id = Guid.NewGuid();
        var image = Image(8);

        handover.Offer(id, image).ShouldBeTrue();
        handover.HeldBytes.ShouldBe(8 * 1024 * 1024);
        handover.Offer(id, Image(4)).ShouldBeFalse("a photo has one upload");

        handover.Take(Guid.NewGuid()).ShouldBeNull();
        handover.Take(id).ShouldBeSameAs(image);
        handover.Take(id).ShouldBeNull();
        handover.HeldBytes.ShouldBe(0);
        handover.Taken.ShouldBe(1);
    }

    [Fact]
    public void An_image_past_the_memory_limit_is_not_held_and_room_comes_back_when_one_is_taken()
    {
        var handover = Handover(new FakeTimeProvider(Start), megabytes: 20);
        var (first, second, third) = (Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());

        handover.Offer(first, Image(8)).ShouldBeTrue();
        handover.Offer(second, Image(8)).ShouldBeTrue();
        handover.Offer(third, Image(8)).ShouldBeFalse();
        handover.Take(third).ShouldBeNull("the worker reads it from storage");

        handover.Take(first).ShouldNotBeNull();
        handover.Offer(third, Image(8)).ShouldBeTrue();
        handover.HeldBytes.ShouldBe(16 * 1024 * 1024);
    }

    [Fact]
    public void An_image_no_worker_here_takes_expires_and_frees_its_memory()
    {
        var clock = new FakeTimeProvider(Start);
        var handover = Handover(clock, megabytes: 10);
        var stale = Guid.NewGuid();
        handover.Offer(stale, Image(8)).ShouldBeTrue();

        clock.Advance(UploadHandover.Lifetime);
        handover.Take(stale).ShouldBeNull("past its lifetime the worker reads storage");
        handover.HeldBytes.ShouldBe(0);

        handover.Offer(stale, Image(8)).ShouldBeTrue();
        clock.Advance(UploadHandover.Lifetime);
        handover.Offer(Guid.NewGuid(), Image(8)).ShouldBeTrue("the expired image made room");
        handover.HeldBytes.ShouldBe(8 * 1024 * 1024);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(64, 0)]
    public void Nothing_is_held_when_handover_is_off_or_the_instance_runs_no_workers(int megabytes, int workers)
    {
        var handover = Handover(new FakeTimeProvider(Start), megabytes, workers);

        handover.Offer(Guid.NewGuid(), Image(4)).ShouldBeFalse();
        handover.HeldBytes.ShouldBe(0);
    }
}
