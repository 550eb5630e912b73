using System.Buffers.Text;
using System.Text;
using System.Text.Json.Nodes;
using FaceAspire.Api.Accounts;
using FaceAspire.Api.Infrastructure;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>Every kind of forged or stale bearer token is refused with 401.</summary>
public sealed class AccessTokenTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_tampered_payload_is_refused()
    {
        var user = await SignUpAsync();
        var parts = user.AccessToken.Split('.');
        var payload = JsonNode.Parse(Base64Url.DecodeFromChars(parts[1]))!;
        payload["role"] = "admin";
        var forged = $"{parts[0]}.{Encode(payload)}.{parts[2]}";
        (await GetMe(forged)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_unsigned_alg_none_token_is_refused()
    {
        var user = await SignUpAsync();
        var parts = user.AccessToken.Split('.');
        var header = new JsonObject { ["alg"] = "none", ["typ"] = AccessTokenDefaults.TokenType };
        (await GetMe($"{Encode(header)}.{parts[1]}.")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_expired_token_issued_by_the_app_is_refused()
    {
        var user = await SignUpAsync();
        var session = Guid.Parse(JsonNode.Parse(Base64Url.DecodeFromChars(user.AccessToken.Split('.')[1]))!["sid"]!.GetValue<string>());
        await using var scope = Factory.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users
            .SingleAsync(u => u.Email == user.Email, Cancellation);
        // Issued an hour ago with the app's own key and settings: expired well beyond the clock skew.
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddHours(-1));
        var issuer = new AccessTokenIssuer(
            scope.ServiceProvider.GetRequiredService<IOptions<JwtOptions>>(),
            scope.ServiceProvider.GetRequiredService<JwtSigningKeyProvider>(),
            past);
        var stale = issuer.Issue(row, session).Token;

        var response = await GetMe(stale);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await GetMe(issuer.Issue(row, session).Token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await GetMe(user.AccessToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_refresh_token_is_not_an_access_token()
    {
        var user = await SignUpAsync();
        using var client = Factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        var refresh = login.RefreshCookieValue();
        refresh.ShouldNotBeNullOrEmpty();
        (await GetMe(refresh)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_token_signed_with_another_key_is_refused()
    {
        var user = await SignUpAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        var row = await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users
            .SingleAsync(u => u.Email == user.Email, Cancellation);
        var otherKey = new JwtSigningKeyProvider(
            Options.Create(new JwtOptions { SigningKey = Convert.ToBase64String(new byte[48]) }),
            scope.ServiceProvider.GetRequiredService<Microsoft.Extensions.Hosting.IHostEnvironment>(),
            Microsoft.Extensions.Logging.Abstractions.NullLogger<JwtSigningKeyProvider>.Instance);
        var issuer = new AccessTokenIssuer(scope.ServiceProvider.GetRequiredService<IOptions<JwtOptions>>(), otherKey, TimeProvider.System);
        (await GetMe(issuer.Issue(row, Guid.NewGuid()).Token)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<HttpResponseMessage> GetMe(string token)
    {
        using var client = Factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return await client.GetAsync("/api/me", Cancellation);
    }

    private static string Encode(JsonNode node) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(node.ToJsonString()));
}
