using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Limits;

/// <summary>Room for two 640 x 480 test JPEGs per user, and two analyses waiting per user.</summary>
public sealed class QuotaApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public static int PhotoBytes { get; } = TestImages.Jpeg().Length;

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Quotas:StorageBytesPerUser"] = (PhotoBytes * 2 + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Quotas:QueuedAnalysesPerUser"] = "2";
        settings["Quotas:QueueRetryAfterSeconds"] = "17";
        return settings;
    }
}

public sealed class QuotaTests(QuotaApiFactory factory) : ApiTest<QuotaApiFactory>(factory), IClassFixture<QuotaApiFactory>
{
    [Fact]
    public async Task Concurrent_uploads_past_the_storage_quota_are_413_and_store_nothing()
    {
        var user = await SignUpAsync();
        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.Http.UploadAsync(TestImages.Jpeg())));

        answers.Count(a => a.StatusCode == HttpStatusCode.Created).ShouldBe(2);
        var refused = answers.Where(a => a.StatusCode != HttpStatusCode.Created).ToList();
        refused.Count.ShouldBe(2);
        foreach (var answer in refused)
        {
            answer.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
            var problem = await answer.ProblemAsync();
            problem.Title.ShouldBe("Storage quota exceeded.");
            problem.Detail!.ShouldContain("Delete photos to make room");
        }

        // Two photos, their three objects each, nothing half-stored.
        (await Factory.StoredKeysAsync()).Count.ShouldBe(6);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(2);

        // Deleting a photo makes room again.
        var photo = (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.Items[0];
        (await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.Http.UploadAsync(TestImages.Jpeg())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Uploads_and_reanalyses_past_the_queued_analyses_cap_are_429_with_retry_after()
    {
        var user = await SignUpAsync();
        var first = await user.Http.UploadPhotoAsync(TestImages.Png());
        var second = await user.Http.UploadPhotoAsync(TestImages.Png());

        var full = await user.Http.UploadAsync(TestImages.Png());
        full.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        full.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(17));
        (await full.ProblemAsync()).Title.ShouldBe("Too many analyses queued.");

        // Another user's queue is their own.
        var other = await SignUpAsync();
        (await other.Http.UploadAsync(TestImages.Png())).StatusCode.ShouldBe(HttpStatusCode.Created);

        // Queueing a waiting photo again adds nothing; a finished one takes the free place, and then the queue is full.
        (await user.Http.PostAsync($"/api/photos/{second.Id}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await FinishAsync(first.Id);
        await FinishAsync(second.Id);
        (await user.Http.PostAsync($"/api/photos/{first.Id}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await user.Http.UploadAsync(TestImages.Png())).StatusCode.ShouldBe(HttpStatusCode.Created);
        var again = await user.Http.PostAsync($"/api/photos/{second.Id}/analysis", null, Cancellation);
        again.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{second.Id}/analysis", Cancellation))!.Status.ShouldBe("succeeded");
    }

    /// <summary>Marks the photo's analysis succeeded, as a worker would.</summary>
    private async Task FinishAsync(Guid photoId)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        await db.AnalysisJobs.Where(j => j.PhotoId == photoId)
            .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, AnalysisStatus.Succeeded), Cancellation);
    }
}
