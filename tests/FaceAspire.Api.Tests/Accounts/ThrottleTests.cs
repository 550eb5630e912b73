namespace FaceAspire.Api.Tests.Accounts;

/// <summary>An API whose sign-in throttle trips after three failures per account.</summary>
public sealed class ThrottledApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:SignInThrottle:PerAccountLimit"] = "3";
        return settings;
    }
}

public sealed class ThrottleTests(ThrottledApiFactory factory) : ApiTest<ThrottledApiFactory>(factory), IClassFixture<ThrottledApiFactory>
{
    [Fact]
    public async Task Repeated_failures_are_answered_with_429_and_retry_after_even_for_the_right_password()
    {
        var user = await SignUpAsync();
        var client = Factory.CreateApiClient();
        for (var i = 0; i < 3; i++)
        {
            (await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong guess" }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        var blocked = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        var retryAfter = blocked.Headers.RetryAfter?.Delta;
        retryAfter.ShouldNotBeNull();
        retryAfter.Value.TotalSeconds.ShouldBeInRange(1, 15 * 60);
        (await blocked.ProblemAsync()).Status.ShouldBe(429);
    }

    [Fact]
    public async Task An_unknown_email_is_throttled_exactly_like_a_known_one()
    {
        var client = Factory.CreateApiClient();
        for (var i = 0; i < 3; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = "ghost@example.test", password = "wrong guess" }, Cancellation);
        }

        var blocked = await client.PostAsJsonAsync("/api/auth/login", new { email = "ghost@example.test", password = "wrong guess" }, Cancellation);
        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        blocked.Headers.RetryAfter.ShouldNotBeNull();
    }
}
