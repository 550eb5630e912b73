using FaceAspire.Api.Tests.Accounts;

namespace FaceAspire.Api.Tests.Limits;

/// <summary>Small rate limits; each test speaks from its own client address (<see cref="ProxiedApiFactory.PeerHeader"/>).</summary>
public sealed class RateLimitedApiFactory(PostgresFixture postgres) : ProxiedApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["RateLimits:Register:PerClient"] = "3";
        settings["RateLimits:Register:Window"] = "01:00:00";
        settings["RateLimits:SignIn:PerClient"] = "4";
        settings["RateLimits:Uploads:PerUser"] = "3";
        settings["RateLimits:Uploads:PerClient"] = "5";
        settings["RateLimits:Searches:PerUser"] = "2";
        return settings;
    }
}

public sealed class RateLimitTests(RateLimitedApiFactory factory) : ApiTest<RateLimitedApiFactory>(factory), IClassFixture<RateLimitedApiFactory>
{
    private readonly string _address = $"198.51.100.{Random.Shared.Next(1, 255)}";

    [Fact]
    public async Task Uploads_and_reanalyses_are_limited_per_user_and_per_client_address_with_a_retry_after()
    {
        var first = await SignUpFromAsync(_address);
        var photo = await first.UploadPhotoAsync(TestImages.Png());
        (await first.UploadAsync(TestImages.Png())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await first.PostAsync($"/api/photos/{photo.Id}/analysis", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        // The user's fourth request in the window: refused, and nothing was stored.
        var refused = await first.UploadAsync(TestImages.Png());
        await ShouldBeTooManyAsync(refused);
        (await first.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(2);

        // Another user behind the same address has two left of the address's five (a refused request takes nothing).
        var second = await SignUpFromAsync(_address);
        (await second.UploadAsync(TestImages.Png())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await second.UploadAsync(TestImages.Png())).StatusCode.ShouldBe(HttpStatusCode.Created);
        await ShouldBeTooManyAsync(await second.UploadAsync(TestImages.Png()));

        // The same user from elsewhere is still within the user's own limit.
        var elsewhere = Client("203.0.113.99", second.DefaultRequestHeaders.Authorization!.Parameter!);
        (await elsewhere.UploadAsync(TestImages.Png())).StatusCode.ShouldBe(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Register_is_limited_per_client_address()
    {
        var client = Client(_address);
        for (var i = 0; i < 3; i++)
        {
            (await RegisterAsync(client)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }

        var refused = await RegisterAsync(client);
        await ShouldBeTooManyAsync(refused);
        refused.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(3000, 3600);
        (await RegisterAsync(Client("203.0.113.50"))).StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task Login_and_refresh_share_one_limit_per_client_address()
    {
        var client = Client(_address);
        var email = $"limit-{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password = ApiFactory.GoodPassword }, Cancellation)).EnsureSuccessStatusCode();
        for (var i = 0; i < 3; i++)
        {
            await client.LoginAsync(email, ApiFactory.GoodPassword);
        }

        using var refresh = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh");
        refresh.Headers.Add("Sec-Fetch-Site", "same-origin");
        (await client.SendAsync(refresh, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        await ShouldBeTooManyAsync(await client.PostAsJsonAsync("/api/auth/login", new { email, password = ApiFactory.GoodPassword }, Cancellation));
    }

    [Fact]
    public async Task Compare_and_search_are_limited_per_user()
    {
        var user = await SignUpFromAsync(_address);
        for (var i = 0; i < 2; i++)
        {
            var answer = await user.PostAsJsonAsync("/api/compare", new { sourcePhotoId = Guid.NewGuid(), targetPhotoId = Guid.NewGuid() }, Cancellation);
            answer.StatusCode.ShouldNotBe(HttpStatusCode.TooManyRequests);
        }

        await ShouldBeTooManyAsync(await user.PostAsync($"/api/faces/{Guid.NewGuid()}/search", null, Cancellation));
        await ShouldBeTooManyAsync(await user.PostAsync("/api/search", Uploads.Form(("face.png", TestImages.Png(), "image/png")), Cancellation));
    }

    private static async Task ShouldBeTooManyAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        response.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeGreaterThan(0);
        (await response.ProblemAsync()).Title.ShouldBe("Too many requests.");
    }

    private HttpClient Client(string address, string? accessToken = null)
    {
        var client = Factory.CreateApiClient();
        client.DefaultRequestHeaders.Add(ProxiedApiFactory.PeerHeader, address);
        if (accessToken is not null)
        {
            client.DefaultRequestHeaders.Authorization = new("Bearer", accessToken);
        }

        return client;
    }

    private static Task<HttpResponseMessage> RegisterAsync(HttpClient client) => client.PostAsJsonAsync(
        "/api/auth/register", new { email = $"limit-{Guid.NewGuid():N}@example.test", password = ApiFactory.GoodPassword }, Cancellation);

    private async Task<HttpClient> SignUpFromAsync(string address)
    {
        var client = Client(address);
        var email = $"limit-{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password = ApiFactory.GoodPassword }, Cancellation)).EnsureSuccessStatusCode();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await client.LoginAsync(email, ApiFactory.GoodPassword));
        return client;
    }
}
