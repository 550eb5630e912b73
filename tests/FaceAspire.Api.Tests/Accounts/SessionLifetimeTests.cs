using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>The API on a clock the tests move: sessions (refresh-token families) against the calendar.</summary>
public sealed class SessionClockFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}

/// <summary>
/// A session ends 30 days after sign-in however often it is refreshed, or after 14 days without a refresh; a refresh
/// token exchanged twice within 10 seconds is two tabs of one browser, after that it is theft.
/// </summary>
public sealed class SessionLifetimeTests(SessionClockFactory factory) : ApiTest<SessionClockFactory>(factory), IClassFixture<SessionClockFactory>
{
    [Fact]
    public async Task Two_tabs_refreshing_with_the_same_cookie_at_once_both_stay_signed_in()
    {
        var cookie = await SignInAsync();
        var both = await Task.WhenAll(Refresh(cookie), Refresh(cookie));
        both.ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);

        Factory.Clock.Advance(TimeSpan.FromMinutes(1));
        foreach (var next in both.Select(r => r.RefreshCookieValue()))
        {
            (await Refresh(next!)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
    }

    [Fact]
    public async Task A_token_exchanged_again_after_the_grace_window_ends_the_whole_session()
    {
        var first = await SignInAsync();
        var rotated = await Refresh(first);
        var second = rotated.RefreshCookieValue()!;

        Factory.Clock.Advance(TimeSpan.FromSeconds(11));
        (await Refresh(first)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Refresh(second)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the thief's replay ends the owner's session too");
    }

    [Fact]
    public async Task A_session_ends_30_days_after_sign_in_however_often_it_is_refreshed()
    {
        var cookie = await SignInAsync();
        for (var day = 10; day < 30; day += 10)
        {
            Factory.Clock.Advance(TimeSpan.FromDays(10));
            var refreshed = await Refresh(cookie);
            refreshed.StatusCode.ShouldBe(HttpStatusCode.OK, $"day {day}");
            cookie = refreshed.RefreshCookieValue()!;
        }

        Factory.Clock.Advance(TimeSpan.FromDays(10) - TimeSpan.FromSeconds(1));
        var lastMoment = await Refresh(cookie);
        lastMoment.StatusCode.ShouldBe(HttpStatusCode.OK, "one second before day 30");
        cookie = lastMoment.RefreshCookieValue()!;

        Factory.Clock.Advance(TimeSpan.FromSeconds(2));
        (await Refresh(cookie)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "day 30");
    }

    [Fact]
    public async Task A_session_left_idle_for_14_days_ends()
    {
        var cookie = await SignInAsync();
        Factory.Clock.Advance(TimeSpan.FromDays(14) - TimeSpan.FromSeconds(1));
        var refreshed = await Refresh(cookie);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);

        Factory.Clock.Advance(TimeSpan.FromDays(14) + TimeSpan.FromSeconds(1));
        (await Refresh(refreshed.RefreshCookieValue()!)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private async Task<string> SignInAsync()
    {
        var user = await SignUpAsync();
        using var client = Factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        return login.RefreshCookieValue()!;
    }

    private async Task<HttpResponseMessage> Refresh(string cookie)
    {
        using var client = Factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/auth/refresh");
        request.Headers.Add("Cookie", $"faceaspire_refresh={cookie}");
        request.Headers.Add("Origin", "https://localhost");
        return await client.SendAsync(request, Cancellation);
    }
}
