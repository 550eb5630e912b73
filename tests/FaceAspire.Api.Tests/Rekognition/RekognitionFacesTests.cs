using FaceAspire.Api.Faces;
using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Rekognition;
using FaceAspire.Api.Tests.Faces;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>
/// The faces features with <c>Analysis:Engine=Rekognition</c>, end to end: a second FaceAspire (its own database and
/// storage) uses this collection's FaceAspire as its AWS Rekognition, through its Rekognition-compatible endpoint and
/// one operator's access key. Its photos are indexed into a collection per user, and search, compare, people and
/// deletions go through Rekognition's own operations; a photo over Rekognition's 5 MB is sent re-encoded.
/// </summary>
[Collection(nameof(RekognitionApiCollection))]
public sealed class RekognitionFacesTests(RekognitionApiFactory factory) : ApiTest<RekognitionApiFactory>(factory)
{
    [Fact]
    public async Task Search_compare_people_deletions_and_large_photos_go_through_rekognition()
    {
        var operatorUser = await Factory.NewUserAsync();
        await using var app = await RekognitionEngineApp.StartAsync(Factory, operatorUser.Key);
        var user = await app.SignUpAsync();
        var collection = $"{RekognitionEngineApp.CollectionPrefix}{user.Id:N}";

        // Sample 3's largest face is the same person as one face of sample 1 (see FacesTests).
        var photos = await user.Http.UploadAnalysedAsync(3, 1);
        var (single, group) = (photos[0], photos[1]);
        var analysis = await user.Http.WaitForAnalysisAsync(single.Photo);
        analysis.EngineVersion.ShouldBe("aws-rekognition");
        var rows = await app.FaceRowsAsync(user.Id);
        rows.Count.ShouldBe(single.Faces.Count + group.Faces.Count);
        rows.ShouldAllBe(r => r.RekognitionFaceId != null && r.Embedding == null);
        var listed = await operatorUser.ListFacesAsync(collection);
        listed.ShouldBe(rows.Select(r => r.RekognitionFaceId!), ignoreOrder: true);

        // Search by face: SearchFaces in the user's collection, mapped back to the user's face rows.
        var (searched, found) = await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { });
        searched.ShouldBe(HttpStatusCode.OK, found.ToString());
        var match = FacesClient.MatchedFaceIds(found).First();
        group.Faces.ShouldContain(match);
        found.GetProperty("FaceMatches")[0].GetProperty("Face").GetProperty("PhotoId").GetGuid().ShouldBe(group.Photo);
        found.GetProperty("FaceMatches")[0].GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(95f);
        var (_, everyone) = await user.Http.PostJsonAsync($"/api/faces/{single.Faces[0]}/search", new { threshold = 0, maxResults = 100 });
        FacesClient.MatchedFaceIds(everyone).ShouldBe(rows.Select(r => r.Id).Where(f => f != single.Faces[0]), ignoreOrder: true);

        // Compare: CompareFaces on the two display images; the answer's boxes are mapped onto the stored faces.
        var (compareStatus, compared) = await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = single.Photo, targetPhotoId = group.Photo });
        compareStatus.ShouldBe(HttpStatusCode.OK, compared.ToString());
        compared.GetProperty("SourceImageFace").GetProperty("FaceId").GetGuid().ShouldBe(single.Faces[0]);
        FacesClient.MatchedFaceIds(compared).ShouldBe([match]);
        compared.GetProperty("FaceMatches")[0].GetProperty("Similarity").GetSingle().ShouldBeGreaterThan(95f);
        compared.GetProperty("UnmatchedFaces").GetArrayLength().ShouldBe(group.Faces.Count - 1);
        // A source face that is not the largest of its photo is cut out of it for CompareFaces.
        var (_, reversed) = await user.Http.PostJsonAsync("/api/compare", new { sourcePhotoId = group.Photo, targetPhotoId = single.Photo, sourceFaceId = match });
        FacesClient.MatchedFaceIds(reversed).First().ShouldBe(single.Faces[0]);

        // Search by an image that is not stored: SearchFacesByImage.
        var byImage = await user.Http.PostAsync("/api/search", Uploads.Form(("probe.jpg", TestImages.SampleFace(3), "image/jpeg")), Cancellation);
        byImage.StatusCode.ShouldBe(HttpStatusCode.OK, await byImage.Content.ReadAsStringAsync(Cancellation));
        var byImageBody = System.Text.Json.JsonDocument.Parse(await byImage.Content.ReadAsStringAsync(Cancellation)).RootElement;
        FacesClient.MatchedFaceIds(byImageBody).Take(2).ShouldBe([single.Faces[0], match], ignoreOrder: true);

        // People: grouped from SearchFaces matches.
        var pair = await user.Http.WaitForPersonOfAsync(single.Faces[0]);
        pair.Faces.Select(f => f.FaceId).ShouldContain(match);
        pair.Person.PhotoCount.ShouldBe(2);

        // Recognition off deletes the user's faces from the collection; back on, the re-analysis indexes them again.
        (await user.Http.PutAsJsonAsync("/api/faces/settings", new { enabled = false }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await operatorUser.ListFacesAsync(collection)).ShouldBeEmpty();
        (await app.FaceRowsAsync(user.Id)).ShouldAllBe(r => r.RekognitionFaceId == null);
        (await user.Http.PutAsJsonAsync("/api/faces/settings", new { enabled = true }, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((rows = await app.FaceRowsAsync(user.Id)).Any(r => r.RekognitionFaceId == null))
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "The photos were not indexed again after recognition was turned back on.");
            await Task.Delay(200, Cancellation);
        }

        rows.Select(r => r.Id).ShouldBe(single.Faces.Concat(group.Faces), ignoreOrder: true, "re-analysis keeps the face ids");
        (await operatorUser.ListFacesAsync(collection)).ShouldBe(rows.Select(r => r.RekognitionFaceId!), ignoreOrder: true);

        // Deleting a photo deletes its faces from the collection (through the deletion outbox).
        var singleIds = rows.Where(r => r.PhotoId == single.Photo).Select(r => r.RekognitionFaceId!).ToList();
        (await user.Http.DeleteAsync($"/api/photos/{single.Photo}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await operatorUser.ListFacesAsync(collection)).ShouldBe(rows.Where(r => r.PhotoId == group.Photo).Select(r => r.RekognitionFaceId!), ignoreOrder: true);
        (await app.OutboxCountAsync()).ShouldBe(0);
        singleIds.ShouldNotBeEmpty();

        // Deleting the account deletes the collection.
        (await user.Http.SendAsync(new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = ApiFactory.GoodPassword }) }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await operatorUser.ListCollectionsAsync()).ShouldNotContain(collection);
        (await app.OutboxCountAsync()).ShouldBe(0);

        // A photo whose display image is over Rekognition's 5 MB goes re-encoded under it, through the one imaging path.
        var big = TestImages.NoisyPhotoWithFace(3200, 2400);
        var images = new ImageProcessor(Options.Create(new ImagingOptions()));
        var display = images.Process(big).Display;
        display.Length.ShouldBeGreaterThan(RekognitionImages.MaxBytes, "the stored display image itself must be over Rekognition's limit");
        var fitted = images.FitWithin(display, RekognitionImages.MaxBytes);
        fitted.Length.ShouldBeLessThanOrEqualTo(RekognitionImages.MaxBytes);
        images.DecodeStored(fitted).Width.ShouldBeLessThan(3200);
        images.FitWithin(TestImages.SampleFace(3), RekognitionImages.MaxBytes).ShouldBe(TestImages.SampleFace(3), "a JPEG under the limit goes as it is");
        var other = await app.SignUpAsync();
        var bigPhoto = await other.Http.UploadPhotoAsync(big, "big.jpg");
        var bigAnalysis = await other.Http.WaitForAnalysisAsync(bigPhoto.Id);
        bigAnalysis.Status.ShouldBe("succeeded", bigAnalysis.Error);
        bigAnalysis.Faces.ShouldNotBeEmpty();
        (await app.FaceRowsAsync(other.Id)).ShouldAllBe(r => r.RekognitionFaceId != null);

        // Rekognition refusing the operator's credentials (the key revoked) is a clear 502 with its error, not a 500.
        (await operatorUser.Http.DeleteAsync($"/api/access-keys/{operatorUser.Key.AccessKeyId}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        var refused = await other.Http.PostAsync($"/api/faces/{bigAnalysis.Faces[0].Id}/search", JsonContent.Create(new { }), Cancellation);
        refused.StatusCode.ShouldBe(HttpStatusCode.BadGateway);
        (await refused.ProblemAsync()).Detail!.ShouldStartWith("AWS Rekognition answered UnrecognizedClientException");
    }
}

/// <summary>
/// A FaceAspire with <c>Analysis:Engine=Rekognition</c> whose Rekognition is <paramref name="rekognition"/>'s
/// compatible endpoint, signed with one operator's key; its own database (on the same server) and storage.
/// </summary>
public sealed class RekognitionEngineApp(PostgresFixture postgres, string connectionString, Uri rekognition, AccessKeyBody key) : ApiFactory(postgres)
{
    public const string CollectionPrefix = "test-";

    private const string DatabaseName = "facedb_rekognition_engine_tests";

    public static async Task<RekognitionEngineApp> StartAsync(RekognitionApiFactory rekognition, AccessKeyBody key)
    {
        var builder = new NpgsqlConnectionStringBuilder(rekognition.Postgres.ConnectionString);
        await using (var connection = new NpgsqlConnection(builder.ConnectionString))
        {
            await connection.OpenAsync();
            await using var exists = new NpgsqlCommand($"SELECT 1 FROM pg_database WHERE datname = '{DatabaseName}'", connection);
            if (await exists.ExecuteScalarAsync() is null)
            {
                await using var create = new NpgsqlCommand($"CREATE DATABASE {DatabaseName}", connection);
                await create.ExecuteNonQueryAsync();
            }
        }

        builder.Database = DatabaseName;
        var app = new RekognitionEngineApp(rekognition.Postgres, builder.ConnectionString, rekognition.Endpoint, key);
        await app.InitializeAsync();
        return app;
    }

    public async Task<(Guid Id, HttpClient Http)> SignUpAsync()
    {
        var http = CreateApiClient();
        var email = $"user-{Guid.NewGuid():N}@example.test";
        (await http.PostAsJsonAsync("/api/auth/register", new { email, password = GoodPassword }, TestContext.Current.CancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        http.DefaultRequestHeaders.Authorization = new("Bearer", await http.LoginAsync(email, GoodPassword));
        await using var scope = Services.CreateAsyncScope();
        var id = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync();
        return (id, http);
    }

    public async Task<List<Api.Analysis.PhotoFace>> FaceRowsAsync(Guid ownerId)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        return await FaceQueries.CurrentFaces(db, ownerId).AsNoTracking().ToListAsync();
    }

    public async Task<int> OutboxCountAsync()
    {
        await using var scope = Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ObjectDeletions.CountAsync();
    }

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["ConnectionStrings:facedb"] = connectionString;
        settings["Analysis:Engine"] = "Rekognition";
        settings["Analysis:Rekognition:ServiceUrl"] = rekognition.ToString();
        settings["Analysis:Rekognition:Region"] = "eu-west-1";
        settings["Analysis:Rekognition:AccessKey"] = key.AccessKeyId;
        settings["Analysis:Rekognition:SecretKey"] = key.SecretAccessKey;
        settings["Analysis:Rekognition:CollectionPrefix"] = CollectionPrefix;
        settings["Analysis:Workers"] = "1";
        settings["Analysis:PollInterval"] = "00:00:00.100";
        settings["Faces:ClusteringPollInterval"] = "00:00:00.200";
        settings["Faces:MinFacesPerPerson"] = "1";
        settings["Faces:BackfillInterval"] = "00:00:00.500";
        return settings;
    }
}

/// <summary>The operator's view of the Rekognition-compatible endpoint, through the product's own client.</summary>
public static class RekognitionOperatorCalls
{
    public static async Task<List<string>> ListFacesAsync(this RekognitionUser user, string collection) =>
        [.. (await Client(user).SendAsync<ListFacesRequest, ListFacesResponse>("ListFaces", new ListFacesRequest(collection, 4096, null), TestContext.Current.CancellationToken))
            .Faces.Select(f => f.FaceId.ToString())];

    public static async Task<List<string>> ListCollectionsAsync(this RekognitionUser user) =>
        [.. (await Client(user).SendAsync<ListCollectionsRequest, ListCollectionsResponse>("ListCollections", new ListCollectionsRequest(null, null), TestContext.Current.CancellationToken))
            .CollectionIds];

    private static readonly HttpClient Http = new();

    private static RekognitionServiceClient Client(RekognitionUser user) => new(
        Http,
        new AwsEndpointOptions { ServiceUrl = user.Http.BaseAddress!.ToString(), Region = "eu-west-1", AccessKey = user.Key.AccessKeyId, SecretKey = user.Key.SecretAccessKey },
        TimeProvider.System);
}
