using System.Text.Json;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>Uploads analysed by the background workers with the real face engine.</summary>
public sealed class AnalysisTests(AnalysisApiFactory factory) : ApiTest<AnalysisApiFactory>(factory), IClassFixture<AnalysisApiFactory>
{
    [Fact]
    public async Task A_photo_with_faces_is_analysed_with_all_attributes_and_stored_twice()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.SampleFace(1));
        photo.AnalysisStatus.ShouldBeOneOf("pending", "running");
        photo.FaceCount.ShouldBeNull();

        var analysis = await user.Http.WaitForAnalysisAsync(photo.Id);
        analysis.Status.ShouldBe("succeeded", analysis.Error);
        analysis.Attempts.ShouldBe(1);
        analysis.Error.ShouldBeNull();
        // The engine's own version, so retrained heads or a new pipeline give a new (photo, engine version) result.
        analysis.EngineVersion.ShouldBe(FaceAspire.Vision.Pipeline.FaceAnalyzer.EngineVersion);
        analysis.CompletedAt.ShouldNotBeNull();
        analysis.Faces.ShouldNotBeEmpty();
        var detail = analysis.Faces[0].Detail;
        detail.GetProperty("BoundingBox").GetProperty("Width").GetSingle().ShouldBeInRange(0.01f, 1f);
        detail.GetProperty("Confidence").GetSingle().ShouldBeGreaterThanOrEqualTo(50f);
        detail.GetProperty("Landmarks").GetArrayLength().ShouldBeGreaterThan(0);
        detail.GetProperty("Emotions").GetArrayLength().ShouldBeGreaterThan(0);
        detail.TryGetProperty("Pose", out _).ShouldBeTrue();
        detail.TryGetProperty("Quality", out _).ShouldBeTrue();
        // Expression attributes appear only where the engine ships a calibration for them; never as guesses.
        foreach (var name in new[] { "Smile", "EyesOpen", "MouthOpen" })
        {
            if (detail.TryGetProperty(name, out var attribute))
            {
                attribute.GetProperty("Value").ValueKind.ShouldBeOneOf(JsonValueKind.True, JsonValueKind.False);
            }
        }

        detail.TryGetProperty("AgeRange", out _).ShouldBeTrue();
        detail.TryGetProperty("Gender", out _).ShouldBeTrue();

        var dto = await user.Http.GetFromJsonAsync<PhotoBody>($"/api/photos/{photo.Id}", Cancellation);
        dto!.AnalysisStatus.ShouldBe("succeeded");
        dto.FaceCount.ShouldBe(analysis.Faces.Count);

        var download = await user.Http.GetAsync($"/api/photos/{photo.Id}/analysis/result.json", Cancellation);
        download.StatusCode.ShouldBe(HttpStatusCode.OK);
        download.Content.Headers.ContentDisposition!.DispositionType.ShouldBe("attachment");
        using var result = JsonDocument.Parse(await download.Content.ReadAsStringAsync(Cancellation));
        result.RootElement.GetProperty("FaceDetails").GetArrayLength().ShouldBe(analysis.Faces.Count);
        (await Factory.StoredKeysAsync()).Count(k => k.StartsWith("results/", StringComparison.Ordinal)).ShouldBe(1);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.PhotoFaces.CountAsync(f => f.PhotoId == photo.Id, Cancellation)).ShouldBe(analysis.Faces.Count);
        (await db.ReviewItems.CountAsync(Cancellation)).ShouldBe(0);
        (await db.AlertOutbox.CountAsync(a => a.Kind == AlertKinds.ReviewAlert, Cancellation)).ShouldBe(0);
    }

    [Fact]
    public async Task A_face_free_image_succeeds_with_no_face_and_opens_a_review_with_an_alert()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg(800, 600));
        var analysis = await user.Http.WaitForAnalysisAsync(photo.Id);
        analysis.Status.ShouldBe("succeeded");
        analysis.Faces.ShouldBeEmpty();

        var noFace = await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos?filter=noFace", Cancellation);
        noFace!.Items.Single().Id.ShouldBe(photo.Id);
        noFace.Items[0].FaceCount.ShouldBe(0);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos?filter=smiling", Cancellation))!.TotalCount.ShouldBe(0);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos?filter=failed", Cancellation))!.TotalCount.ShouldBe(0);

        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var review = await db.ReviewItems.SingleAsync(Cancellation);
        (review.PhotoId, review.Reason, review.Status, review.BestConfidence, review.FaceCount).ShouldBe((photo.Id, "NoFace", "open", (float?)null, 0));
        var alert = await db.AlertOutbox.SingleAsync(a => a.Kind == AlertKinds.ReviewAlert, Cancellation);
        (alert.ReviewId, alert.DeliveredAt).ShouldBe((review.Id, (DateTimeOffset?)null));
    }

    [Fact]
    public async Task Re_analysis_replaces_the_result_instead_of_adding_to_it()
    {
        var user = await SignUpAsync();
        var handover = Factory.Services.GetRequiredService<UploadHandover>();
        var handedOver = handover.Taken;
        var photo = await user.Http.UploadPhotoAsync(TestImages.SampleFace(2));
        var first = await user.Http.WaitForAnalysisAsync(photo.Id);
        first.Status.ShouldBe("succeeded");
        // The first analysis ran on the pixels the upload decoded, handed over in memory; the second reads the stored image.
        handover.Taken.ShouldBe(handedOver + 1);
        handover.HeldBytes.ShouldBe(0);

        var request = await user.Http.PostAsync($"/api/photos/{photo.Id}/analysis", null, Cancellation);
        request.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var second = await user.Http.WaitForAnalysisAsync(photo.Id, after: first.CompletedAt);
        second.Status.ShouldBe("succeeded");
        second.Faces.Count.ShouldBe(first.Faces.Count);
        // The same faces keep their ids (people, links and search results stay valid); the rows are replaced.
        second.Faces.Select(f => f.Id).ShouldBe(first.Faces.Select(f => f.Id));
        // The display image is the upload's own JPEG data, so the stored image decodes to the handed-over pixels: same result.
        second.Faces.Select(f => f.Detail.GetRawText()).ShouldBe(first.Faces.Select(f => f.Detail.GetRawText()));
        handover.Taken.ShouldBe(handedOver + 1);

        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().PhotoFaces.CountAsync(Cancellation)).ShouldBe(first.Faces.Count);
        (await Factory.StoredKeysAsync()).Count(k => k.StartsWith("results/", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Another_users_analysis_is_404_on_every_verb()
    {
        var owner = await SignUpAsync();
        var photo = await owner.Http.UploadPhotoAsync(TestImages.Jpeg());
        await owner.Http.WaitForAnalysisAsync(photo.Id);
        var stranger = await SignUpAsync();
        (await stranger.Http.GetAsync($"/api/photos/{photo.Id}/analysis", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Http.GetAsync($"/api/photos/{photo.Id}/analysis/result.json", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Http.PostAsync($"/api/photos/{photo.Id}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Deleting_an_analysed_photo_removes_its_result_object_and_rows()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.SampleFace(3));
        (await user.Http.WaitForAnalysisAsync(photo.Id)).Status.ShouldBe("succeeded");
        (await Factory.StoredKeysAsync()).ShouldContain(k => k.StartsWith("results/", StringComparison.Ordinal));

        (await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Factory.StoredKeysAsync()).ShouldBeEmpty();
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.AnalysisJobs.CountAsync(Cancellation), await db.PhotoFaces.CountAsync(Cancellation)).ShouldBe((0, 0));
    }

    [Fact]
    public async Task An_unknown_filter_is_a_400_problem()
    {
        var user = await SignUpAsync();
        var response = await user.Http.GetAsync("/api/photos?filter=grumpy", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemAsync()).Errors!.ShouldContainKey("filter");
    }
}
