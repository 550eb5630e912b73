using Npgsql;

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

/// <summary>The same throttle with a two-second window, so failures can be watched ageing out.</summary>
public sealed class ShortWindowApiFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:SignInThrottle:PerAccountLimit"] = "2";
        settings["Accounts:SignInThrottle:Window"] = "00:00:02";
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

    [Fact]
    public async Task Failures_count_across_api_instances_sharing_the_database()
    {
        var user = await SignUpAsync();
        await using var second = new ThrottledApiFactory(Factory.Postgres);
        await second.InitializeAsync();
        var first = Factory.CreateApiClient();
        var other = second.CreateApiClient();

        // Two failures on one instance and one on the other reach the limit of three together.
        foreach (var client in new[] { first, other, first })
        {
            (await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong guess" }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        foreach (var client in new[] { first, other })
        {
            var blocked = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
            blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        }
    }

    [Fact]
    public async Task The_failure_table_holds_no_email_or_address_in_clear()
    {
        var user = await SignUpAsync();
        var client = Factory.CreateApiClient();
        await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong guess" }, Cancellation);

        var keys = new List<string>();
        await using (var connection = new NpgsqlConnection(Factory.Postgres.ConnectionString))
        {
            await connection.OpenAsync(Cancellation);
            await using var command = new NpgsqlCommand("SELECT \"Key\" FROM sign_in_failures", connection);
            await using var reader = await command.ExecuteReaderAsync(Cancellation);
            while (await reader.ReadAsync(Cancellation))
            {
                keys.Add(reader.GetString(0));
            }
        }

        keys.Count.ShouldBe(2);
        keys.ShouldContain(k => k.StartsWith("account:", StringComparison.Ordinal));
        keys.ShouldContain(k => k.StartsWith("client:", StringComparison.Ordinal));
        keys.ShouldAllBe(k => !k.Contains('@') && (k.Length == "account:".Length + 64 || k.Length == "client:".Length + 64));
    }

    [Fact]
    public async Task A_successful_sign_in_clears_the_accounts_failures()
    {
        var user = await SignUpAsync();
        var client = Factory.CreateApiClient();
        for (var i = 0; i < 2; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong guess" }, Cancellation);
        }

        await client.LoginAsync(user.Email, ApiFactory.GoodPassword);

        // Two more failures would have made four; after the success they are two of three.
        for (var i = 0; i < 2; i++)
        {
            (await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong guess" }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        await client.LoginAsync(user.Email, ApiFactory.GoodPassword);
    }
}

public sealed class ThrottleWindowTests(ShortWindowApiFactory factory) : ApiTest<ShortWindowApiFactory>(factory), IClassFixture<ShortWindowApiFactory>
{
    [Fact]
    public async Task Failures_older_than_the_window_stop_counting()
    {
        var user = await SignUpAsync();
        var client = Factory.CreateApiClient();
        for (var i = 0; i < 2; i++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong guess" }, Cancellation);
        }

        var blocked = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        blocked.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeLessThanOrEqualTo(2);

        await Task.Delay(TimeSpan.FromSeconds(2.2), Cancellation);

        await client.LoginAsync(user.Email, ApiFactory.GoodPassword);
    }
}
