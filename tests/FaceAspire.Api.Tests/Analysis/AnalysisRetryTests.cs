using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>Failures while storing a result: nothing half-written, bounded retries, and the photo filters on stored faces.</summary>
public sealed class AnalysisRetryTests(ManualAnalysisApiFactory factory) : ApiTest<ManualAnalysisApiFactory>(factory), IClassFixture<ManualAnalysisApiFactory>
{
    private AnalysisWorkerService Worker => Factory.Services.GetRequiredService<AnalysisWorkerService>();

    [Fact]
    public async Task A_failed_commit_leaves_no_faces_no_review_and_no_alert_and_the_retry_succeeds()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        Factory.Faults.Arm();
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();

        var afterFailure = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (afterFailure!.Status, afterFailure.Attempts, afterFailure.Error).ShouldBe(("pending", 1, (string?)null));
        await CountsShouldBeAsync(faces: 0, reviews: 0, alerts: 0);

        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        var done = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (done!.Status, done.Attempts).ShouldBe(("succeeded", 2));
        await CountsShouldBeAsync(faces: 0, reviews: 1, alerts: 1);
    }

    [Fact]
    public async Task After_max_attempts_the_job_fails_with_a_reason_shown_to_the_owner()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        Factory.Faults.Arm(3);
        for (var i = 0; i < 3; i++)
        {
            (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        }

        (await Worker.RunOnceAsync(Cancellation)).ShouldBeFalse();
        var analysis = await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis", Cancellation);
        (analysis!.Status, analysis.Attempts).ShouldBe(("failed", 3));
        analysis.Error!.ShouldContain("Request a new analysis");
        (await user.Http.GetFromJsonAsync<PhotoBody>($"/api/photos/{photo.Id}", Cancellation))!.AnalysisStatus.ShouldBe("failed");
        await CountsShouldBeAsync(faces: 0, reviews: 0, alerts: 0);
    }

    [Fact]
    public async Task Smiling_and_eyes_closed_filters_use_the_stored_face_attributes()
    {
        var user = await SignUpAsync();
        var smiling = await user.Http.UploadPhotoAsync(TestImages.SampleFace(1));
        var other = await user.Http.UploadPhotoAsync(TestImages.SampleFace(2));
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();
        (await Worker.RunOnceAsync(Cancellation)).ShouldBeTrue();

        // Set Smile and EyesOpen on every stored face of both photos so the filters are exercised whatever the engine
        // decided for each face (a sample photo may hold more than one face).
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
            (await db.PhotoFaces.Where(f => f.PhotoId == smiling.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.Smile, true).SetProperty(f => f.EyesOpen, true), Cancellation)).ShouldBeGreaterThan(0);
            (await db.PhotoFaces.Where(f => f.PhotoId == other.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(f => f.Smile, false).SetProperty(f => f.EyesOpen, false), Cancellation)).ShouldBeGreaterThan(0);
        }

        (await Filter("smiling")).ShouldBe([smiling.Id]);
        (await Filter("eyesClosed")).ShouldBe([other.Id]);
        (await Filter("noFace")).ShouldBeEmpty();
        (await Filter("failed")).ShouldBeEmpty();
        (await Filter(string.Empty)).Count.ShouldBe(2);

        async Task<List<Guid>> Filter(string name) =>
            [.. (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>($"/api/photos?filter={name}", Cancellation))!.Items.Select(p => p.Id)];
    }

    private async Task CountsShouldBeAsync(int faces, int reviews, int alerts)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.PhotoFaces.CountAsync(Cancellation), await db.ReviewItems.CountAsync(Cancellation), await db.AlertOutbox.CountAsync(a => a.Kind == AlertKinds.ReviewAlert, Cancellation))
            .ShouldBe((faces, reviews, alerts));
    }
}
