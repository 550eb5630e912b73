using System.Net.Http.Headers;
using FaceAspire.TestSupport;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>
/// The real API on real Kestrel (AWS clients are separate processes and need a socket), with one analysis worker so
/// IndexFaces gets its photos analysed.
/// </summary>
public sealed class RekognitionApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    /// <summary>Requests one user may make per minute here; the other Rekognition tests stay well below it.</summary>
    public const int PerUserLimit = 60;

    public Uri Endpoint { get; private set; } = null!;

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Analysis:Workers"] = "1";
        settings["Analysis:PollInterval"] = "00:00:00.100";
        settings["Faces:ClusteringEnabled"] = "false";
        settings["RateLimits:Rekognition:PerUser"] = PerUserLimit.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return settings;
    }

    public override async ValueTask InitializeAsync()
    {
        var port = LocalPostgresServer.FreeTcpPort();
        UseKestrel(port);
        StartServer();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        await base.InitializeAsync();
    }

    /// <summary>A new user, signed in over HTTP, with a new access key.</summary>
    public async Task<RekognitionUser> NewUserAsync()
    {
        var http = new HttpClient { BaseAddress = Endpoint };
        var email = $"user-{Guid.NewGuid():N}@example.test";
        var cancellation = TestContext.Current.CancellationToken;
        (await http.PostAsJsonAsync("/api/auth/register", new { email, password = GoodPassword }, cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await http.LoginAsync(email, GoodPassword));
        var created = await http.PostAsync("/api/access-keys", null, cancellation);
        created.StatusCode.ShouldBe(HttpStatusCode.Created, await created.Content.ReadAsStringAsync(cancellation));
        var key = (await created.Content.ReadFromJsonAsync<AccessKeyBody>(cancellation))!;
        return new RekognitionUser(http, key, new AwsCli(Endpoint, key.AccessKeyId, key.SecretAccessKey!));
    }
}

public sealed record AccessKeyBody(string AccessKeyId, string? SecretAccessKey, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt);

public sealed record RekognitionUser(HttpClient Http, AccessKeyBody Key, AwsCli Cli);

/// <summary>The Rekognition tests share one API on Kestrel (one start, one model load).</summary>
[CollectionDefinition(nameof(RekognitionApiCollection))]
public sealed class RekognitionApiCollection : ICollectionFixture<RekognitionApiFactory>;
