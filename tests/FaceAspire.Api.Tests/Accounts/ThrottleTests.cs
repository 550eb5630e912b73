using Npgsql;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>
/// The sign-in throttle with small numbers: two free failures per account and address, then 1 s, 2 s, 4 s ...; four
/// free failures per account from anywhere, then at most 2 s.
/// </summary>
public sealed class ThrottledApiFactory(PostgresFixture postgres) : ProxiedApiFactory(postgres)
{
    public static readonly TimeSpan MaxAccountDelay = TimeSpan.FromSeconds(2);

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:SignInThrottle:PerClientLimit"] = "1000";
        settings["Accounts:SignInThrottle:FreeFailures"] = "2";
        settings["Accounts:SignInThrottle:BaseDelay"] = "00:00:01";
        settings["Accounts:SignInThrottle:AccountFreeFailures"] = "4";
        settings["Accounts:SignInThrottle:MaxAccountDelay"] = MaxAccountDelay.ToString();
        return settings;
    }
}

public sealed class ThrottleTests(ThrottledApiFactory factory) : ApiTest<ThrottledApiFactory>(factory), IClassFixture<ThrottledApiFactory>
{
    [Fact]
    public async Task Failures_from_one_address_bring_growing_delays_answered_with_429_and_retry_after()
    {
        var user = await SignUpAsync();
        var attacker = From("203.0.113.7");
        (await Guess(attacker, user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Guess(attacker, user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        var delays = new List<double>();
        for (var round = 0; round < 2; round++)
        {
            var blocked = await attacker.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
            blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests, "even the right password waits");
            (await blocked.ProblemAsync()).Status.ShouldBe(429);
            var delay = blocked.Headers.RetryAfter!.Delta!.Value;
            delays.Add(delay.TotalSeconds);
            await Task.Delay(delay + TimeSpan.FromMilliseconds(100), Cancellation);
            (await Guess(attacker, user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        delays.ShouldBe([1, 2]);
        var third = await Guess(attacker, user.Email);
        third.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        third.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBe(4);
    }

    [Fact]
    public async Task An_attacker_elsewhere_cannot_lock_the_owner_out()
    {
        var user = await SignUpAsync();
        // Twenty addresses guess as fast as they can: past four failures the whole account is delayed.
        var answers = new List<HttpStatusCode>();
        for (var host = 1; host <= 20; host++)
        {
            var attacker = From($"198.51.100.{host}");
            answers.Add((await Guess(attacker, user.Email)).StatusCode);
            answers.Add((await Guess(attacker, user.Email)).StatusCode);
        }

        answers.ShouldContain(HttpStatusCode.TooManyRequests);

        // The owner, at home, waits at most the account's capped delay and then signs in with the right password.
        var owner = From("192.0.2.10");
        var first = await owner.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        if (first.StatusCode == HttpStatusCode.TooManyRequests)
        {
            var wait = first.Headers.RetryAfter!.Delta!.Value;
            wait.ShouldBeLessThanOrEqualTo(ThrottledApiFactory.MaxAccountDelay);
            await Task.Delay(wait + TimeSpan.FromMilliseconds(100), Cancellation);
        }

        (await owner.LoginAsync(user.Email, ApiFactory.GoodPassword)).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_browser_that_signed_in_before_signs_in_at_once_during_a_flood_from_elsewhere()
    {
        var user = await SignUpAsync();
        var owner = From("192.0.2.20");
        (await owner.LoginAsync(user.Email, ApiFactory.GoodPassword)).ShouldNotBeNullOrEmpty();

        // Twenty addresses keep guessing until the owner is through, so the account-wide delay stays armed.
        using var flood = CancellationTokenSource.CreateLinkedTokenSource(Cancellation);
        var answers = new System.Collections.Concurrent.ConcurrentBag<HttpStatusCode>();
        var attackers = Enumerable.Range(1, 20).Select(host => Task.Run(async () =>
        {
            var attacker = From($"198.51.100.{100 + host}");
            while (!flood.IsCancellationRequested)
            {
                answers.Add((await attacker.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = "wrong guess" }, CancellationToken.None)).StatusCode);
            }
        })).ToArray();
        while (!answers.Contains(HttpStatusCode.TooManyRequests))
        {
            await Task.Delay(20, Cancellation);
        }

        // A browser the owner never used is held back with the attackers ...
        var unknownBrowser = From("192.0.2.20");
        var held = await unknownBrowser.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        // ... the owner's own browser is recognised and signs in on its first try.
        var known = await owner.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        await flood.CancelAsync();
        await Task.WhenAll(attackers);

        known.StatusCode.ShouldBe(HttpStatusCode.OK);
        held.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        held.Headers.RetryAfter!.Delta!.Value.ShouldBeLessThanOrEqualTo(ThrottledApiFactory.MaxAccountDelay);
    }

    [Fact]
    public async Task A_device_cookie_of_another_account_or_a_forged_one_is_not_recognised()
    {
        var owner = await SignUpAsync();
        var victim = await SignUpAsync();
        var browser = From("192.0.2.30");
        (await browser.LoginAsync(owner.Email, ApiFactory.GoodPassword)).ShouldNotBeNullOrEmpty();
        for (var host = 1; host <= 3; host++)
        {
            var attacker = From($"198.51.100.{200 + host}");
            await Guess(attacker, victim.Email);
            await Guess(attacker, victim.Email);
        }

        // The browser's cookie names the owner's account, so for the victim's account it is an unknown browser.
        (await browser.PostAsJsonAsync("/api/auth/login", new { email = victim.Email, password = "wrong guess" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);

        var forged = From("192.0.2.31");
        forged.DefaultRequestHeaders.Add("Cookie", "faceaspire_device=CfDJ8forged");
        (await forged.PostAsJsonAsync("/api/auth/login", new { email = victim.Email, password = "wrong guess" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Concurrent_wrong_passwords_cannot_slip_past_the_count()
    {
        var user = await SignUpAsync();
        var attacker = From("203.0.113.99");
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Guess(attacker, user.Email)));

        // Exactly the two free failures were checked; every other attempt of the burst waited.
        answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(2);
        answers.Count(a => a.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(18);
    }

    [Fact]
    public async Task An_unknown_email_is_throttled_exactly_like_a_known_one()
    {
        var attacker = From("203.0.113.8");
        (await Guess(attacker, "ghost@example.test")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Guess(attacker, "ghost@example.test")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var blocked = await Guess(attacker, "ghost@example.test");
        blocked.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        blocked.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBe(1);
    }

    [Fact]
    public async Task Failures_count_across_api_instances_sharing_the_database()
    {
        var user = await SignUpAsync();
        await using var second = new ThrottledApiFactory(Factory.Postgres);
        await second.InitializeAsync();

        (await Guess(From("203.0.113.9"), user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Guess(From("203.0.113.9", second), user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Guess(From("203.0.113.9"), user.Email)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await Guess(From("203.0.113.9", second), user.Email)).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task The_failure_table_holds_no_email_or_address_in_clear()
    {
        var user = await SignUpAsync();
        await Guess(From("203.0.113.10"), user.Email);

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

        keys.Select(k => k.Split(':')[0]).Order().ShouldBe(["account", "client", "pair"]);
        keys.ShouldAllBe(k => !k.Contains('@') && !k.Contains("203.0") && k.Split(':')[1].Length == 64);
    }

    [Fact]
    public async Task A_successful_sign_in_clears_the_failures_of_the_account_and_the_address()
    {
        var user = await SignUpAsync();
        var client = From("203.0.113.11");
        (await Guess(client, user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await client.LoginAsync(user.Email, ApiFactory.GoodPassword);

        // Two more failures would have made three; after the success they are the two free ones.
        (await Guess(client, user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Guess(client, user.Email)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private HttpClient From(string address, ApiFactory? instance = null)
    {
        var client = (instance ?? Factory).CreateApiClient();
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    private static Task<HttpResponseMessage> Guess(HttpClient client, string email) =>
        client.PostAsJsonAsync("/api/auth/login", new { email, password = "wrong guess" }, Cancellation);
}

/// <summary>The throttle with a two-second window and long delays, so failures can be watched ageing out.</summary>
public sealed class ShortWindowApiFactory(PostgresFixture postgres) : ProxiedApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:SignInThrottle:PerClientLimit"] = "1000";
        settings["Accounts:SignInThrottle:FreeFailures"] = "2";
        settings["Accounts:SignInThrottle:BaseDelay"] = "00:01:00";
        settings["Accounts:SignInThrottle:Window"] = "00:00:02";
        return settings;
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

        await Task.Delay(TimeSpan.FromSeconds(2.2), Cancellation);

        await client.LoginAsync(user.Email, ApiFactory.GoodPassword);
    }
}
