using System.Text.Json;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Tests.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Reviews;

public sealed class ReviewTests(ManualAnalysisApiFactory factory) : ApiTest<ManualAnalysisApiFactory>(factory), IClassFixture<ManualAnalysisApiFactory>
{
    [Fact]
    public async Task An_administrator_reviews_a_flagged_photo_and_the_decision_is_audited()
    {
        var (user, photoId) = await FlaggedPhotoAsync();
        var admin = await SignInAdminAsync("reviewer@example.test");

        var open = await admin.GetFromJsonAsync<PageBody<ReviewBody>>("/api/admin/reviews?status=open", Cancellation);
        var item = open!.Items.Single();
        (item.PhotoId, item.OwnerEmail, item.Reason, item.BestConfidence, item.FaceCount, item.Status)
            .ShouldBe((photoId, user.Email, "NoFace", (float?)null, 0, "open"));
        open.TotalCount.ShouldBe(1);

        var detail = await admin.GetFromJsonAsync<ReviewDetailBody>($"/api/admin/reviews/{item.Id}", Cancellation);
        detail!.Audit.Single().Action.ShouldBe("opened");

        var image = await admin.GetAsync($"/api/admin/reviews/{item.Id}/photo", Cancellation);
        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        // The review route is the only way in: the owner's photo routes stay private.
        (await admin.GetAsync($"/api/photos/{photoId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var decide = await admin.PostAsJsonAsync(
            $"/api/admin/reviews/{item.Id}/decision", new { decision = "reviewed", comment = "A landscape, no person." }, Cancellation);
        decide.StatusCode.ShouldBe(HttpStatusCode.OK);
        var decided = await decide.Content.ReadFromJsonAsync<ReviewDetailBody>(Cancellation);
        decided!.Status.ShouldBe("reviewed");
        var entry = decided.Audit.Last();
        (entry.ActorEmail, entry.Action, entry.Comment).ShouldBe(("reviewer@example.test", "reviewed", "A landscape, no person."));
        entry.At.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1));

        var again = await admin.PostAsJsonAsync($"/api/admin/reviews/{item.Id}/decision", new { decision = "dismissed" }, Cancellation);
        again.StatusCode.ShouldBe(HttpStatusCode.Conflict);
        (await again.ProblemAsync()).Status.ShouldBe(409);

        (await admin.GetFromJsonAsync<PageBody<ReviewBody>>("/api/admin/reviews?status=open", Cancellation))!.TotalCount.ShouldBe(0);
        (await admin.GetFromJsonAsync<PageBody<ReviewBody>>("/api/admin/reviews?status=reviewed", Cancellation))!.Items.Single().Id.ShouldBe(item.Id);
    }

    [Fact]
    public async Task Non_administrators_get_403_and_anonymous_callers_401()
    {
        var (user, _) = await FlaggedPhotoAsync();
        var anonymous = Factory.CreateApiClient();
        var id = Guid.NewGuid();
        foreach (var (method, path) in new[]
        {
            (HttpMethod.Get, "/api/admin/reviews"), (HttpMethod.Get, $"/api/admin/reviews/{id}"),
            (HttpMethod.Get, $"/api/admin/reviews/{id}/photo"), (HttpMethod.Post, $"/api/admin/reviews/{id}/decision"),
        })
        {
            using var asUser = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { decision = "reviewed" }) };
            (await user.Http.SendAsync(asUser, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, path);
            using var asNobody = new HttpRequestMessage(method, path) { Content = JsonContent.Create(new { decision = "reviewed" }) };
            (await anonymous.SendAsync(asNobody, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, path);
        }
    }

    [Fact]
    public async Task Bad_decisions_and_filters_are_400_and_unknown_items_404()
    {
        await FlaggedPhotoAsync();
        var admin = await SignInAdminAsync("strict@example.test");
        var item = (await admin.GetFromJsonAsync<PageBody<ReviewBody>>("/api/admin/reviews", Cancellation))!.Items.Single();

        var bad = await admin.PostAsJsonAsync($"/api/admin/reviews/{item.Id}/decision", new { decision = "approved" }, Cancellation);
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await bad.ProblemAsync()).Errors!.ShouldContainKey("decision");
        var longComment = await admin.PostAsJsonAsync(
            $"/api/admin/reviews/{item.Id}/decision", new { decision = "dismissed", comment = new string('x', 2001) }, Cancellation);
        (await longComment.ProblemAsync()).Errors!.ShouldContainKey("comment");
        (await admin.GetAsync("/api/admin/reviews?status=closed", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await admin.GetAsync($"/api/admin/reviews/{Guid.NewGuid()}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await admin.PostAsJsonAsync($"/api/admin/reviews/{Guid.NewGuid()}/decision", new { decision = "dismissed" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // Nothing above changed the item.
        var detail = await admin.GetFromJsonAsync<ReviewDetailBody>($"/api/admin/reviews/{item.Id}", Cancellation);
        (detail!.Status, detail.Audit.Count).ShouldBe(("open", 1));
    }

    [Fact]
    public async Task Me_lists_the_admin_role()
    {
        var admin = await SignInAdminAsync("roles@example.test");
        using var me = JsonDocument.Parse(await admin.GetStringAsync("/api/me", Cancellation));
        me.RootElement.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).ShouldContain("admin");
    }

    private async Task<(SignedInClient User, Guid PhotoId)> FlaggedPhotoAsync()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        (await Factory.Services.GetRequiredService<AnalysisWorkerService>().RunOnceAsync(Cancellation)).ShouldBeTrue();
        return (user, photo.Id);
    }

    private async Task<HttpClient> SignInAdminAsync(string email)
    {
        await MakeAdminAsync(email);

        var client = Factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await client.LoginAsync(email, ApiFactory.GoodPassword));
        return client;
    }

    private sealed record ReviewBody(Guid Id, Guid PhotoId, string OwnerEmail, string Reason, float? BestConfidence, int FaceCount, DateTimeOffset CreatedAt, string Status);

    private sealed record AuditBody(DateTimeOffset At, string ActorEmail, string Action, string? Comment);

    private sealed record ReviewDetailBody(Guid Id, Guid PhotoId, string OwnerEmail, string Reason, float? BestConfidence, int FaceCount, DateTimeOffset CreatedAt, string Status, List<AuditBody> Audit);
}
