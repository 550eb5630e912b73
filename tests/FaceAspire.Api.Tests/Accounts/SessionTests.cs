namespace FaceAspire.Api.Tests.Accounts;

/// <summary>Refresh-token rotation and the ways a session (token family) ends.</summary>
public sealed class SessionTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Refresh_rotates_the_cookie_and_issues_a_working_access_token()
    {
        var user = await SignUpAsync();
        var first = await RefreshCookieOf(user);

        var refreshed = await RefreshWith(first);
        refreshed.StatusCode.ShouldBe(HttpStatusCode.OK);
        var second = refreshed.RefreshCookieValue()!;
        second.ShouldNotBe(first);
        var token = (await refreshed.Content.ReadFromJsonAsync<TokenBody>(Cancellation))!.AccessToken;

        using var client = Factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        (await client.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Logout_ends_the_session_and_its_access_tokens()
    {
        var user = await SignUpAsync();
        var cookie = await RefreshCookieOf(user);
        var refreshed = await RefreshWith(cookie);
        var access = (await refreshed.Content.ReadFromJsonAsync<TokenBody>(Cancellation))!.AccessToken;
        cookie = refreshed.RefreshCookieValue()!;
        var logout = await Send(HttpMethod.Post, "/api/auth/logout", cookie);
        logout.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await RefreshWith(cookie)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await GetMe(access)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Changing_the_password_ends_other_sessions_but_keeps_the_current_one()
    {
        var user = await SignUpAsync();
        using var other = Factory.CreateApiClient();
        other.DefaultRequestHeaders.Authorization = new("Bearer", await other.LoginAsync(user.Email, ApiFactory.GoodPassword));
        var otherCookie = await RefreshCookieOf(new SignedInClient(other, user.Email, string.Empty));

        const string newPassword = "an entirely different passphrase 7";
        var change = await user.Http.PostAsJsonAsync(
            "/api/auth/change-password", new { currentPassword = ApiFactory.GoodPassword, newPassword }, Cancellation);
        change.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await user.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await other.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await RefreshWith(otherCookie)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Factory.CreateApiClient().PostAsJsonAsync(
            "/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await Factory.CreateApiClient().LoginAsync(user.Email, newPassword)).ShouldNotBeNullOrEmpty();
    }

    [Fact]
    public async Task A_wrong_current_password_is_a_validation_problem()
    {
        var user = await SignUpAsync();
        var change = await user.Http.PostAsJsonAsync(
            "/api/auth/change-password", new { currentPassword = "wrong", newPassword = "whatever passphrase 99" }, Cancellation);
        change.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await change.ProblemAsync()).Errors!.ShouldContainKey("currentPassword");
    }

    [Fact]
    public async Task Logout_all_ends_every_session()
    {
        var user = await SignUpAsync();
        var cookie = await RefreshCookieOf(user);
        (await user.Http.PostAsync("/api/auth/logout-all", null, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await RefreshWith(cookie)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await user.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Refresh_without_a_cookie_is_401_problem()
    {
        var response = await Send(HttpMethod.Post, "/api/auth/refresh", cookie: null);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await response.ProblemAsync()).Status.ShouldBe(401);
    }

    [Theory]
    [InlineData("/api/auth/refresh")]
    [InlineData("/api/auth/logout")]
    public async Task Cookie_routes_refuse_another_origin_and_leave_the_session_alive(string path)
    {
        var user = await SignUpAsync();
        var cookie = await RefreshCookieOf(user);

        // A page elsewhere (or a browser that says so) cannot use the cookie, whatever the browser's SameSite support.
        var fromElsewhere = await SendWithHeaders(HttpMethod.Post, path, cookie, ("Origin", "https://attacker.example"));
        fromElsewhere.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await fromElsewhere.ProblemAsync()).Title.ShouldBe("Cross-origin request refused.");
        (await SendWithHeaders(HttpMethod.Post, path, cookie, ("Origin", "https://attacker.example"), ("Sec-Fetch-Site", "cross-site")))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SendWithHeaders(HttpMethod.Post, path, cookie, ("Origin", "http://localhost")))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden, "another scheme is another origin");
        (await SendWithHeaders(HttpMethod.Post, path, cookie, ("Sec-Fetch-Site", "same-site")))
            .StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await SendWithHeaders(HttpMethod.Post, path, cookie)).StatusCode.ShouldBe(HttpStatusCode.Forbidden, "no origin at all");

        // None of those touched the session: the same cookie still refreshes from the application's own origin.
        (await RefreshWith(cookie)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_browser_saying_same_origin_may_refresh_without_an_origin_header()
    {
        var user = await SignUpAsync();
        var cookie = await RefreshCookieOf(user);
        (await SendWithHeaders(HttpMethod.Post, "/api/auth/refresh", cookie, ("Sec-Fetch-Site", "same-origin")))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    /// <summary>Signs in again on a cookie-less client to capture the refresh token value the API set.</summary>
    private async Task<string> RefreshCookieOf(SignedInClient user)
    {
        using var client = Factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email = user.Email, password = ApiFactory.GoodPassword }, Cancellation);
        login.StatusCode.ShouldBe(HttpStatusCode.OK);
        return login.RefreshCookieValue()!;
    }

    private async Task<HttpResponseMessage> GetMe(string token)
    {
        using var client = Factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return await client.GetAsync("/api/me", Cancellation);
    }

    private Task<HttpResponseMessage> RefreshWith(string cookie) => Send(HttpMethod.Post, "/api/auth/refresh", cookie);

    /// <summary>Sends as the application's own page does: with its origin in <c>Origin</c>.</summary>
    private Task<HttpResponseMessage> Send(HttpMethod method, string path, string? cookie) =>
        SendWithHeaders(method, path, cookie, ("Origin", "https://localhost"));

    private async Task<HttpResponseMessage> SendWithHeaders(HttpMethod method, string path, string? cookie, params (string Name, string Value)[] headers)
    {
        using var client = Factory.CreateClient(new() { BaseAddress = new Uri("https://localhost"), HandleCookies = false });
        using var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"faceaspire_refresh={cookie}");
        }

        foreach (var (name, value) in headers)
        {
            request.Headers.Add(name, value);
        }

        return await client.SendAsync(request, Cancellation);
    }
}
