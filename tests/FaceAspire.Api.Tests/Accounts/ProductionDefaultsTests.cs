using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>The API with <c>OpenApi:Enabled</c> on, as appsettings.Development.json has it.</summary>
public sealed class OpenApiEnabledFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["OpenApi:Enabled"] = "true";
        return settings;
    }
}

/// <summary>What a deployment gets without configuring anything: a closed surface.</summary>
public sealed class ProductionDefaultsTests(PostgresFixture postgres)
{
    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Production_serves_no_openapi_document_or_scalar_page_and_sends_hsts_for_a_year()
    {
        await using var factory = new ProductionApiFactory(postgres, []);
        await factory.InitializeAsync();
        await factory.ResetAsync();
        var client = factory.CreateClient(new() { BaseAddress = new Uri("https://faces.example.test") });
        var email = $"prod-{Guid.NewGuid():N}@example.test";
        (await client.PostAsJsonAsync("/api/auth/register", new { email, password = ApiFactory.GoodPassword }, Cancellation))
            .IsSuccessStatusCode.ShouldBeTrue();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await client.LoginAsync(email, ApiFactory.GoodPassword));

        (await client.GetAsync("/openapi/v1.json", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/scalar", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var me = await client.GetAsync("/api/me", Cancellation);
        me.StatusCode.ShouldBe(HttpStatusCode.OK);
        me.Headers.GetValues("Strict-Transport-Security").Single().ShouldBe("max-age=31536000; includeSubDomains");
    }

    [Fact]
    public async Task With_openapi_enabled_the_document_and_the_page_are_open_to_anyone()
    {
        await using var factory = new OpenApiEnabledFactory(postgres);
        using var anonymous = factory.CreateApiClient();
        var document = await anonymous.GetAsync("/openapi/v1.json", Cancellation);
        document.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await document.Content.ReadAsStringAsync(Cancellation)).ShouldContain("/api/photos");
        (await anonymous.GetAsync("/scalar/", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>
    /// Every mapped route is called without a token: only the probes and the routes that sign a user in may answer
    /// without being challenged, so a route added without a word about authorization is closed by the fallback policy.
    /// </summary>
    [Fact]
    public async Task Only_the_probes_and_the_sign_in_routes_answer_anonymous_callers()
    {
        await using var factory = new ApiFactory(postgres);
        using var anonymous = factory.CreateApiClient();
        string[] open = ["/health", "/alive", "/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout"];

        var routes = factory.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (Method: method, Path: "/" + (e.RoutePattern.RawText ?? string.Empty).TrimStart('/'))))
            .Distinct().ToList();
        routes.Count.ShouldBeGreaterThan(15);
        routes.Select(r => r.Path).ShouldContain("/api/photos/{id:guid}/analysis/result.json");

        foreach (var (method, path) in routes)
        {
            var concrete = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), concrete) { Content = JsonContent.Create(new { }) };
            request.Headers.Add("Origin", "https://localhost");
            var response = await anonymous.SendAsync(request, Cancellation);
            // The authorization challenge is a 401 with WWW-Authenticate; login's own 401 (wrong credentials) has none. The
            // Rekognition-compatible API (POST /, Signature Version 4) challenges as AWS does: 403 MissingAuthenticationTokenException.
            var challenged = (response.StatusCode == HttpStatusCode.Unauthorized && response.Headers.WwwAuthenticate.Count > 0)
                || (path == "/" && response.StatusCode == HttpStatusCode.Forbidden
                    && response.Headers.TryGetValues("x-amzn-ErrorType", out var error) && error.Single() == "MissingAuthenticationTokenException");
            challenged.ShouldBe(!open.Contains(path), $"{method} {path} answered {(int)response.StatusCode}");
        }

        // A route nobody mapped is closed as well: the fallback policy answers before routing's 404.
        var unmapped = await anonymous.GetAsync("/api/not-a-route", Cancellation);
        unmapped.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unmapped.Headers.WwwAuthenticate.ShouldNotBeEmpty();
    }
}
