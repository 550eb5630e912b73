using FaceAspire.Api.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Support;

/// <summary>Base of integration tests: each test starts from an empty database and object store.</summary>
public abstract class ApiTest<TFactory>(TFactory factory) : IAsyncLifetime
    where TFactory : ApiFactory
{
    protected TFactory Factory { get; } = factory;

    protected static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    public virtual async ValueTask InitializeAsync() => await Factory.ResetAsync();

    public virtual ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        return ValueTask.CompletedTask;
    }

    /// <summary>Registers and signs in a new user; returns a client that sends its access token.</summary>
    protected async Task<SignedInClient> SignUpAsync(string? email = null)
    {
        email ??= $"user-{Guid.NewGuid():N}@example.test";
        var client = Factory.CreateApiClient();
        var register = await client.PostAsJsonAsync("/api/auth/register", new { email, password = ApiFactory.GoodPassword }, Cancellation);
        register.StatusCode.ShouldBe(HttpStatusCode.Accepted, await register.Content.ReadAsStringAsync(Cancellation));
        var token = await client.LoginAsync(email, ApiFactory.GoodPassword);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return new SignedInClient(client, email, token);
    }

    /// <summary>
    /// After the database server was stopped or killed and started again: waits until the user's photo list answers
    /// 200 (pooled connections died with the server; the API must come back without a restart of its own).
    /// </summary>
    protected static async Task<HttpResponseMessage> WaitForDatabaseAsync(SignedInClient user)
    {
        for (var attempt = 0; attempt < 40; attempt++)
        {
            var response = await user.Http.GetAsync("/api/photos", Cancellation);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return response;
            }

            await Task.Delay(250, Cancellation);
        }

        Assert.Fail("The API did not recover after the database restarted.");
        return null!;
    }

    /// <summary>Creates an administrator account, as the API does for <c>Admin:Email</c> at start.</summary>
    protected async Task MakeAdminAsync(string email)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdminAccounts>().CreateAdminAsync(email, ApiFactory.GoodPassword, Cancellation);
    }
}

/// <summary>A client that sends <see cref="AccessToken"/> and holds the refresh cookie.</summary>
public sealed record SignedInClient(HttpClient Http, string Email, string AccessToken);

/// <summary>Shortcuts for calling the API.</summary>
public static class ApiClientExtensions
{
    public static async Task<string> LoginAsync(this HttpClient client, string email, string password)
    {
        var response = await client.PostAsJsonAsync("/api/auth/login", new { email, password }, TestContext.Current.CancellationToken);
        response.StatusCode.ShouldBe(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var body = await response.Content.ReadFromJsonAsync<TokenBody>(TestContext.Current.CancellationToken);
        return body!.AccessToken;
    }

    /// <summary>The refresh token the response set in its cookie, if any.</summary>
    public static string? RefreshCookieValue(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values)
            ? values.Select(v => v.Split(';')[0]).Where(v => v.StartsWith("faceaspire_refresh=", StringComparison.Ordinal))
                .Select(v => v["faceaspire_refresh=".Length..]).FirstOrDefault(v => v.Length > 0)
            : null;

    /// <summary>Reads a problem details body, checking its media type.</summary>
    public static async Task<ProblemBody> ProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return (await response.Content.ReadFromJsonAsync<ProblemBody>(TestContext.Current.CancellationToken))!;
    }
}

public sealed record TokenBody(string AccessToken, int ExpiresIn, string TokenType);

public sealed record ProblemBody(string? Type, string? Title, int? Status, string? Detail, Dictionary<string, string[]>? Errors);
