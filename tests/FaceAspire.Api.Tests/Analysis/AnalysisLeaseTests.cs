using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>Claims, leases and retries, driven step by step against the real queue and engine.</summary>
public sealed class AnalysisLeaseTests(ManualAnalysisApiFactory factory) : ApiTest<ManualAnalysisApiFactory>(factory), IClassFixture<ManualAnalysisApiFactory>
{
    private AnalysisWorkerService Worker => Factory.Services.GetRequiredService<AnalysisWorkerService>();

    [Fact]
    public async Task A_worker_killed_mid_job_is_replaced_after_its_lease_and_exactly_one_result_is_stored()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.SampleFace(1));
        var dead = await ClaimAsync();
        dead!.PhotoId.ShouldBe(photo.Id);
        (await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation))!.Status.ShouldBe("running");

        // While the lease lasts nobody else takes the job.
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeFalse();
        await Task.Delay(TimeSpan.FromSeconds(1.2), Cancellation);
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();

        var analysis = await user.Http.WaitForAnalysisAsync(photo.Id, timeoutSeconds: 5);
        analysis.Status.ShouldBe("succeeded");
        analysis.Attempts.ShouldBe(2);
        analysis.Faces.ShouldNotBeEmpty();

        // The first worker comes back to life and tries to store its result: refused, nothing changes.
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var writer = scope.ServiceProvider.GetRequiredService<AnalysisResultWriter>();
            var engine = scope.ServiceProvider.GetRequiredService<IFaceEngine>();
            (await writer.StoreAsync(dead, engine.Version, [], Cancellation)).ShouldBeFalse();
        }

        var results = (await Factory.StoredKeysAsync()).Where(k => k.StartsWith("results/", StringComparison.Ordinal)).ToList();
        results.Count.ShouldBe(1);
        var stored = await user.Http.GetStringAsync($"/api/photos/{photo.Id}/analysis/result.json", Cancellation);
        System.Text.Json.JsonDocument.Parse(stored).RootElement.GetProperty("FaceDetails").GetArrayLength().ShouldBe(analysis.Faces.Count);

        var after = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        after!.Faces.Select(f => f.Id).ShouldBe(analysis.Faces.Select(f => f.Id));
        await using var check = Factory.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.PhotoFaces.CountAsync(Cancellation)).ShouldBe(analysis.Faces.Count);
        (await db.ReviewItems.CountAsync(Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_job_abandoned_on_every_attempt_fails_with_a_reason_and_can_be_requested_again()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var claim = await ClaimAsync();
            claim.ShouldNotBeNull();
            claim.Attempt.ShouldBe(attempt);
            await Task.Delay(TimeSpan.FromSeconds(1.2), Cancellation);
        }

        (await ClaimAsync()).ShouldBeNull();
        var failed = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        failed!.Status.ShouldBe("failed");
        failed.Attempts.ShouldBe(3);
        failed.Error.ShouldBe(AnalysisJobStore.AbandonedError);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos?filter=failed", Cancellation))!.Items.Single().Id.ShouldBe(photo.Id);

        (await user.Http.PostAsync($"/api/photos/{photo.Id}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        var again = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (again!.Status, again.Attempts, again.Error).ShouldBe(("succeeded", 1, (string?)null));
    }

    [Fact]
    public async Task A_stored_image_the_engine_cannot_decode_fails_at_once_with_a_reason_for_the_owner()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        // Corrupt the stored derivative behind the API's back: retrying cannot help, so no retry is spent.
        await Factory.Services.GetRequiredService<FaceAspire.Api.Storage.IObjectStore>().PutAsync(
            FaceAspire.Api.Storage.ObjectKeys.Display(photo.Id), new byte[] { 0xFF, 0xD8, 0xFF, 0x00, 0x01 }, "image/jpeg", Cancellation);
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();

        var analysis = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (analysis!.Status, analysis.Attempts).ShouldBe(("failed", 1));
        analysis.Error.ShouldBe("The photo could not be decoded for analysis.");
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeFalse();
    }

    [Fact]
    public async Task Concurrent_claims_take_distinct_jobs()
    {
        var user = await SignUpAsync();
        var photos = new List<Guid>();
        for (var i = 0; i < 4; i++)
        {
            photos.Add((await user.Http.UploadPhotoAsync(TestImages.Jpeg(320, 240))).Id);
        }

        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => ClaimAsync()));
        claims.Where(c => c is not null).Select(c => c!.PhotoId).ShouldBe(photos, ignoreOrder: true);
    }

    private async Task<ClaimedJob?> ClaimAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnalysisJobStore>().ClaimAsync(Cancellation);
    }
}
