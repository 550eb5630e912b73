using System.IO.Compression;
using System.Text.Json;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Reviews;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Privacy;

/// <summary>DELETE /api/me and GET /api/me/export: erasure and portability of a user's data.</summary>
public sealed class AccountDeletionTests(PrivacyFactory factory) : ApiTest<PrivacyFactory>(factory), IClassFixture<PrivacyFactory>
{
    public override async ValueTask InitializeAsync()
    {
        Factory.KillAccountDeletion.Armed = false;
        await base.InitializeAsync();
    }

    [Fact]
    public async Task Deleting_the_account_with_its_password_removes_its_rows_and_objects_and_leaves_an_audit_record_without_personal_data()
    {
        var (owner, other) = (await SignUpAsync(), await SignUpAsync());
        var photos = new[] { await owner.Http.UploadPhotoAsync(TestImages.Jpeg()), await owner.Http.UploadPhotoAsync(TestImages.Jpeg()) };
        var kept = await other.Http.UploadPhotoAsync(TestImages.Jpeg());
        await Factory.Services.GetRequiredService<IObjectStore>()
            .PutAsync(ObjectKeys.Result(photos[0].Id, "faces-1"), "{\"FaceDetails\":[]}"u8.ToArray(), "application/json", Cancellation);
        var ownerId = await SeedFaceAndReviewDecisionAsync(owner.Email, photos[0].Id, kept.Id);
        var otherKeys = (await Factory.StoredKeysAsync()).Where(k => k.Contains($"{kept.Id:N}", StringComparison.Ordinal)).ToList();

        var response = await owner.Http.SendAsync(DeleteMe(ApiFactory.GoodPassword), Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Factory.StoredKeysAsync()).ShouldBe(otherKeys, ignoreOrder: true);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.Users.CountAsync(u => u.Id == ownerId, Cancellation)).ShouldBe(0);
        (await db.Photos.Select(p => p.Id).ToListAsync(Cancellation)).ShouldBe([kept.Id]);
        (await db.AnalysisJobs.Select(j => j.PhotoId).ToListAsync(Cancellation)).ShouldBe([kept.Id]);
        (await db.PhotoFaces.CountAsync(Cancellation)).ShouldBe(0);
        (await db.People.CountAsync(Cancellation)).ShouldBe(0);
        (await db.RefreshTokens.CountAsync(t => t.UserId == ownerId, Cancellation)).ShouldBe(0);
        (await db.ObjectDeletions.CountAsync(Cancellation)).ShouldBe(0);
        var audit = await db.ReviewAudit.SingleAsync(Cancellation);
        (audit.ActorId, audit.ActorEmail).ShouldBe(((Guid?)null, "deleted account"));
        var record = await db.AccountDeletions.SingleAsync(Cancellation);
        (record.Photos, record.Faces, record.People, record.WasAdmin).ShouldBe((2, 1, 1, false));

        // The account is gone for its old tokens and for signing in; the other user is untouched.
        (await owner.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Factory.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { owner.Email, password = ApiFactory.GoodPassword }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await other.Http.GetAsync(kept.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_wrong_or_missing_password_is_400_and_deletes_nothing()
    {
        var user = await SignUpAsync();
        await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var keys = await Factory.StoredKeysAsync();

        foreach (var password in new[] { "not the password", null })
        {
            var response = await user.Http.SendAsync(DeleteMe(password), Cancellation);
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await response.ProblemAsync()).Errors!.ShouldContainKey("password");
        }

        (await user.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Factory.StoredKeysAsync()).ShouldBe(keys, ignoreOrder: true);
    }

    [Fact]
    public async Task When_the_database_connection_dies_at_the_commit_the_answer_is_503_and_nothing_is_half_deleted()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var keys = await Factory.StoredKeysAsync();

        Factory.KillAccountDeletion.Armed = true;
        var response = await user.Http.SendAsync(DeleteMe(ApiFactory.GoodPassword), Cancellation);
        Factory.KillAccountDeletion.Armed = false;

        response.StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        response.Headers.RetryAfter.ShouldNotBeNull();
        (await Factory.StoredKeysAsync()).ShouldBe(keys, ignoreOrder: true);
        (await user.Http.GetAsync(photo.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        (await db.ObjectDeletions.CountAsync(Cancellation)).ShouldBe(0);
        (await db.AccountDeletions.CountAsync(Cancellation)).ShouldBe(0);

        // Retried once the database is back, it goes through.
        (await user.Http.SendAsync(DeleteMe(ApiFactory.GoodPassword), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Factory.StoredKeysAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_export_is_a_zip_of_the_users_own_photos_results_and_account_and_nothing_of_anyone_else()
    {
        var (user, other) = (await SignUpAsync(), await SignUpAsync());
        var original = TestImages.Jpeg();
        var photo = await user.Http.UploadPhotoAsync(original, "holiday.jpg");
        var foreign = await other.Http.UploadPhotoAsync(TestImages.Jpeg());
        var resultKey = ObjectKeys.Result(photo.Id, "faces-1");
        await Factory.Services.GetRequiredService<IObjectStore>()
            .PutAsync(resultKey, "{\"FaceDetails\":[]}"u8.ToArray(), "application/json", Cancellation);
        await using (var scope = Factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AnalysisJobs.Where(j => j.PhotoId == photo.Id)
                .ExecuteUpdateAsync(set => set.SetProperty(j => j.Status, AnalysisStatus.Succeeded).SetProperty(j => j.ResultKey, resultKey), Cancellation);
        }

        var response = await user.Http.GetAsync("/api/me/export", Cancellation);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/zip");
        using var zip = new ZipArchive(await response.Content.ReadAsStreamAsync(Cancellation));
        zip.Entries.Select(e => e.FullName).ShouldBe(
            ["account.json", "people.json", "photos.json", $"photos/{photo.Id:N}/holiday.jpg", $"results/{photo.Id:N}.json"], ignoreOrder: true);
        Read(zip, $"photos/{photo.Id:N}/holiday.jpg").ShouldBe(original);
        Read(zip, $"results/{photo.Id:N}.json").ShouldBe("{\"FaceDetails\":[]}"u8.ToArray());
        using var account = JsonDocument.Parse(Read(zip, "account.json"));
        account.RootElement.GetProperty("email").GetString().ShouldBe(user.Email);
        using var listing = JsonDocument.Parse(Read(zip, "photos.json"));
        var entry = listing.RootElement.EnumerateArray().ShouldHaveSingleItem();
        entry.GetProperty("id").GetGuid().ShouldBe(photo.Id);
        entry.GetProperty("analysis").GetProperty("result").GetString().ShouldBe($"results/{photo.Id:N}.json");
        zip.Entries.ShouldNotContain(e => e.FullName.Contains($"{foreign.Id:N}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Deleting_and_exporting_need_a_signed_in_user()
    {
        var anonymous = Factory.CreateApiClient();
        (await anonymous.SendAsync(DeleteMe(ApiFactory.GoodPassword), Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync("/api/me/export", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static HttpRequestMessage DeleteMe(string? password) =>
        new(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password }) };

    private static byte[] Read(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        return buffer.ToArray();
    }

    /// <summary>
    /// Gives the owner a face with a person on their first photo, and a review decision (as if an administrator) on
    /// the other user's photo. Returns the owner's id.
    /// </summary>
    private async Task<Guid> SeedFaceAndReviewDecisionAsync(string ownerEmail, Guid ownerPhoto, Guid otherPhoto)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var owner = await db.Users.SingleAsync(u => u.Email == ownerEmail, Cancellation);
        var otherOwner = await db.Photos.Where(p => p.Id == otherPhoto).Select(p => p.OwnerId).SingleAsync(Cancellation);
        var person = new Person { OwnerId = owner.Id, Name = "Someone", CreatedAt = DateTimeOffset.UtcNow };
        var review = new ReviewItem { PhotoId = otherPhoto, OwnerId = otherOwner, Reason = "no face", CreatedAt = DateTimeOffset.UtcNow };
        db.AddRange(
            person,
            new PhotoFace { PhotoId = ownerPhoto, EngineVersion = "test", Detail = "{}", PersonId = person.Id },
            review,
            new ReviewAuditEntry { ReviewId = review.Id, At = DateTimeOffset.UtcNow, ActorId = owner.Id, ActorEmail = owner.Email, Action = "reviewed" });
        await db.SaveChangesAsync(Cancellation);
        return owner.Id;
    }
}
