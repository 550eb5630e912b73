using System.Text.Json;

namespace FaceAspire.Api.Tests.Faces;

/// <summary>The API with background analysis and clustering polling fast; every face cluster needs one face, so people are predictable.</summary>
public sealed class FacesApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Analysis:Workers"] = "2";
        settings["Analysis:PollInterval"] = "00:00:00.200";
        settings["Faces:ClusteringPollInterval"] = "00:00:00.200";
        settings["Faces:MinFacesPerPerson"] = "1";
        settings["Faces:BackfillInterval"] = "00:00:00.500";
        // One test reads the OpenAPI document, which is served only when enabled (as in Development).
        settings["OpenApi:Enabled"] = "true";
        return settings;
    }
}

public sealed record BoxBody(float Width, float Height, float Left, float Top);

public sealed record FaceRefBody(Guid FaceId, Guid PhotoId, BoxBody BoundingBox, Guid? PersonId, bool MovedByHand);

public sealed record PersonBody(Guid Id, string? Name, int FaceCount, int PhotoCount, FaceRefBody? CoverFace);

public sealed record PersonFacesBody(PersonBody Person, List<FaceRefBody> Faces);

/// <summary>Calls of the face routes, parsed loosely as JSON where the Rekognition names are the point.</summary>
public static class FacesClient
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    /// <summary>Uploads the photos and waits for their analyses; returns each photo's id and faces (largest first).</summary>
    public static async Task<List<(Guid Photo, List<Guid> Faces)>> UploadAnalysedAsync(this HttpClient client, params int[] samples)
    {
        var photos = new List<PhotoBody>();
        foreach (var sample in samples)
        {
            photos.Add(await client.UploadPhotoAsync(TestImages.SampleFace(sample), $"sample{sample}.jpg"));
        }

        var analysed = new List<(Guid, List<Guid>)>();
        foreach (var photo in photos)
        {
            var analysis = await client.WaitForAnalysisAsync(photo.Id);
            analysis.Status.ShouldBe("succeeded", analysis.Error);
            analysis.Faces.ShouldNotBeEmpty();
            analysed.Add((photo.Id, analysis.Faces.Select(f => f.Id).ToList()));
        }

        return analysed;
    }

    public static async Task<(HttpStatusCode Status, JsonElement Body)> PostJsonAsync(this HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body, Cancellation);
        var text = await response.Content.ReadAsStringAsync(Cancellation);
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }

    /// <summary>Polls <c>GET /api/people</c> until <paramref name="done"/> holds (clustering runs in the background).</summary>
    public static async Task<List<PersonBody>> WaitForPeopleAsync(this HttpClient client, Func<List<PersonBody>, bool> done, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var people = (await client.GetFromJsonAsync<List<PersonBody>>("/api/people", Cancellation))!;
            if (done(people))
            {
                return people;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"People did not reach the expected state in {timeoutSeconds} s: {JsonSerializer.Serialize(people)}");
            await Task.Delay(200, Cancellation);
        }
    }

    /// <summary>Waits until clustering has put <paramref name="faceId"/> into a person, and returns that person with their faces.</summary>
    public static async Task<PersonFacesBody> WaitForPersonOfAsync(this HttpClient client, Guid faceId, int timeoutSeconds = 30)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            foreach (var person in (await client.GetFromJsonAsync<List<PersonBody>>("/api/people", Cancellation))!)
            {
                var faces = (await client.GetFromJsonAsync<PersonFacesBody>($"/api/people/{person.Id}/faces", Cancellation))!;
                if (faces.Faces.Any(f => f.FaceId == faceId))
                {
                    return faces;
                }
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"Face {faceId} was not put into a person within {timeoutSeconds} s.");
            await Task.Delay(200, Cancellation);
        }
    }

    public static IEnumerable<Guid> MatchedFaceIds(JsonElement searchResponse) =>
        searchResponse.GetProperty("FaceMatches").EnumerateArray().Select(m => m.GetProperty("Face").GetProperty("FaceId").GetGuid());
}
