using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using FaceAspire.TestSupport;
using FaceAspire.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests;

/// <summary>What the web host itself promises: security headers, the SPA fallback, caching and the API proxy.</summary>
public sealed partial class FrontEndHostingTests(AppStack stack)
{
    private static readonly HttpClient Http = new();

    [Fact]
    public async Task An_unknown_client_route_serves_the_app_with_security_headers_and_no_cache()
    {
        using var response = await Http.GetAsync(new Uri(stack.WebUrl, "/some/client/route"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType?.MediaType.ShouldBe("text/html");
        (await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).ShouldContain("<div id=\"app\"></div>");
        response.Headers.CacheControl?.NoCache.ShouldBeTrue();
        AssertSecurityHeaders(response);
        var csp = Header(response, "Content-Security-Policy");
        csp.ShouldContain("script-src 'self';");
        csp.ShouldContain("frame-ancestors 'none'");
        csp.ShouldContain("img-src 'self' blob: data:;");
        csp.ShouldContain("connect-src 'self';");
        csp.ShouldNotContain("unsafe-inline");
    }

    [Fact]
    public async Task Hashed_bundles_are_cached_for_good_and_a_missing_one_is_a_404()
    {
        var index = await Http.GetStringAsync(new Uri(stack.WebUrl, "/"), TestContext.Current.CancellationToken);
        var bundle = ScriptSource().Match(index);
        bundle.Success.ShouldBeTrue("index.html references its entry bundle");

        using var asset = await Http.GetAsync(new Uri(stack.WebUrl, bundle.Groups[1].Value), TestContext.Current.CancellationToken);
        asset.StatusCode.ShouldBe(HttpStatusCode.OK);
        asset.Headers.CacheControl?.ToString().ShouldBe("public, max-age=31536000, immutable");

        using var missing = await Http.GetAsync(new Uri(stack.WebUrl, "/assets/missing-0000.js"), TestContext.Current.CancellationToken);
        missing.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Api_routes_are_proxied_to_the_api_with_the_front_ends_headers()
    {
        using var response = await Http.GetAsync(new Uri(stack.WebUrl, "/api/me"), TestContext.Current.CancellationToken);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        AssertSecurityHeaders(response);

        using var health = await Http.GetAsync(new Uri(stack.WebUrl, "/api/photos?page=0"), TestContext.Current.CancellationToken);
        health.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the API, not the front end, answers /api routes");
    }

    [Fact]
    public async Task Aws_tools_reach_the_rekognition_api_at_the_front_ends_base_url()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        using var http = new HttpClient { BaseAddress = stack.WebUrl };
        var email = $"aws-{Guid.NewGuid():N}@example.com";
        const string password = "granite-harbour-lantern-58";
        (await http.PostAsJsonAsync("/api/auth/register", new { email, password }, cancellationToken)).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        using var login = await http.PostAsJsonAsync("/api/auth/login", new { email, password }, cancellationToken);
        var token = (await login.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        using var created = await http.PostAsync("/api/access-keys", null, cancellationToken);
        created.StatusCode.ShouldBe(HttpStatusCode.Created);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);

        // The CLI signs the front end's host and port; the proxy passes that Host on, so the API's check holds.
        var aws = new AwsCli(stack.WebUrl, key.GetProperty("accessKeyId").GetString()!, key.GetProperty("secretAccessKey").GetString()!);
        var made = await aws.RunAsync("rekognition", "create-collection", "--collection-id", "through-the-proxy");
        made.ExitCode.ShouldBe(0, made.Error);
        var listed = await aws.RunAsync("rekognition", "list-collections");
        listed.ExitCode.ShouldBe(0, listed.Error);
        listed.Json.GetProperty("CollectionIds").EnumerateArray().Select(c => c.GetString()).ShouldBe(["through-the-proxy"]);
        var wrong = await new AwsCli(stack.WebUrl, key.GetProperty("accessKeyId").GetString()!, "not-the-secret").RunAsync("rekognition", "list-collections");
        wrong.ErrorName.ShouldBe("InvalidSignatureException");

        // A browser's GET / is still the app.
        using var index = await Http.GetAsync(stack.WebUrl, cancellationToken);
        (await index.Content.ReadAsStringAsync(cancellationToken)).ShouldContain("<div id=\"app\"></div>");
    }

    [Fact]
    public async Task An_unknown_client_route_shows_the_apps_not_found_page_without_policy_violations()
    {
        await using var session = await BrowserSession.OpenAsync(stack, width: 375, height: 812);

        await session.Page.GotoAsync("/no/such/page");

        await Assertions.Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        await Assertions.Expect(session.Page).ToHaveTitleAsync("Not found · FaceAspire");
        session.Problems.ShouldBeEmpty();
    }

    [Fact]
    public async Task Protected_pages_send_a_signed_out_visitor_to_sign_in_and_back()
    {
        await using var session = await BrowserSession.OpenAsync(stack);

        await session.Page.GotoAsync("/upload");

        // vue-router leaves '/' unencoded in query values; either spelling names the same page.
        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("/signin\\?redirect=(%2F|/)upload$"));
        var email = $"returning-{Guid.NewGuid():N}@example.com";
        await session.RegisterAsync(email, "amber-orchard-compass-17");
        await session.Page.GotoAsync("/upload");
        await session.Page.GetByLabel("E-mail").FillAsync(email);
        await session.Page.GetByLabel("Password").FillAsync("amber-orchard-compass-17");
        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();

        await Assertions.Expect(session.Page).ToHaveURLAsync(new Regex("/upload$"));
        await Assertions.Expect(session.Page.GetByLabel("Photos to upload")).ToBeAttachedAsync();
        session.Problems.ShouldBeEmpty();
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
        Header(response, "X-Frame-Options").ShouldBe("DENY");
        Header(response, "Referrer-Policy").ShouldBe("no-referrer");
        Header(response, "Content-Security-Policy").ShouldStartWith("default-src 'self'");
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : string.Empty;

    [GeneratedRegex("<script type=\"module\" crossorigin src=\"(/assets/[^\"]+\\.js)\"")]
    private static partial Regex ScriptSource();
}
