namespace FaceAspire.Api.Tests.Accounts;

/// <summary>The API behind a front end on another origin, listed under <c>Accounts:AllowedOrigins</c>.</summary>
public sealed class AllowedOriginFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:AllowedOrigins:0"] = "https://faces.example.test";
        return settings;
    }
}

public sealed class AllowedOriginTests(AllowedOriginFactory factory) : ApiTest<AllowedOriginFactory>(factory), IClassFixture<AllowedOriginFactory>
{
    [Fact]
    public async Task A_configured_origin_may_use_the_cookie_routes_and_others_still_may_not()
    {
        var user = await SignUpAsync();

        (await Post("/api/auth/refresh", "https://other.example.test")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await Post("/api/auth/refresh", "https://faces.example.test")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Post("/api/auth/logout", "https://faces.example.test")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await Post("/api/auth/refresh", "https://faces.example.test")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        Task<HttpResponseMessage> Post(string path, string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Post, path);
            request.Headers.Add("Origin", origin);
            return user.Http.SendAsync(request, Cancellation);
        }
    }
}
