namespace FaceAspire.Api.Tests.Accounts;

public sealed class AuthTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Register_normalises_the_email_and_me_returns_the_user()
    {
        var client = Factory.CreateApiClient();
        var response = await client.PostAsJsonAsync(
            "/api/auth/register", new { email = "  Alice@Example.TEST ", password = ApiFactory.GoodPassword }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);

        var token = await client.LoginAsync("alice@example.test", ApiFactory.GoodPassword);
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var me = await client.GetFromJsonAsync<MeBody>("/api/me", Cancellation);
        me!.Email.ShouldBe("alice@example.test");
        me.Roles.ShouldBe(["user"]);
        me.CreatedAt.ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public async Task Registering_a_taken_email_answers_exactly_like_a_new_one_and_changes_nothing()
    {
        await SignUpAsync("bob@example.test");
        const string otherPassword = "someone else's passphrase 3";
        var taken = await Factory.CreateApiClient().PostAsJsonAsync(
            "/api/auth/register", new { email = "BOB@example.test", password = otherPassword }, Cancellation);
        var fresh = await Factory.CreateApiClient().PostAsJsonAsync(
            "/api/auth/register", new { email = "dave@example.test", password = otherPassword }, Cancellation);

        taken.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        fresh.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await taken.Content.ReadAsStringAsync(Cancellation)).ShouldBe(await fresh.Content.ReadAsStringAsync(Cancellation));
        taken.Headers.Select(h => h.Key).Order().ShouldBe(fresh.Headers.Select(h => h.Key).Order());

        // Bob's account keeps its password; the second registration did not take it over.
        (await Factory.CreateApiClient().LoginAsync("bob@example.test", ApiFactory.GoodPassword)).ShouldNotBeNullOrEmpty();
        (await Factory.CreateApiClient().PostAsJsonAsync("/api/auth/login", new { email = "bob@example.test", password = otherPassword }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [InlineData("short1", "password")]
    [InlineData("password1", "password")]
    [InlineData("Qwertyuiop", "password")]
    [InlineData(ApiFactory.GoodPassword, "email")]
    public async Task Register_refuses_bad_input_with_a_validation_problem(string password, string field)
    {
        var email = field == "email" ? "not-an-email" : "carol@example.test";
        var response = await Factory.CreateApiClient().PostAsJsonAsync("/api/auth/register", new { email, password }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemAsync()).Errors!.ShouldContainKey(field);
    }

    [Fact]
    public async Task A_1024_character_passphrase_is_accepted_and_1025_is_not()
    {
        var client = Factory.CreateApiClient();
        var longPassphrase = string.Concat(Enumerable.Repeat("long passphrase ", 64));
        longPassphrase.Length.ShouldBe(1024);
        (await client.PostAsJsonAsync("/api/auth/register", new { email = "long@example.test", password = longPassphrase }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await client.PostAsJsonAsync("/api/auth/register", new { email = "longer@example.test", password = longPassphrase + "x" }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await client.LoginAsync("long@example.test", longPassphrase)).ShouldNotBeNullOrEmpty();

        // BCrypt alone reads only the first 72 bytes: a password that differs only after them must still fail.
        var sameFirst72Bytes = longPassphrase[..^1] + "X";
        (await client.PostAsJsonAsync("/api/auth/login", new { email = "long@example.test", password = sameFirst72Bytes }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Unknown_email_and_wrong_password_answer_identically()
    {
        await SignUpAsync("dave@example.test");
        var client = Factory.CreateApiClient();
        var wrongPassword = await client.PostAsJsonAsync("/api/auth/login", new { email = "dave@example.test", password = "not the password" }, Cancellation);
        var unknownEmail = await client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.test", password = "not the password" }, Cancellation);

        wrongPassword.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        unknownEmail.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var a = await wrongPassword.ProblemAsync();
        var b = await unknownEmail.ProblemAsync();
        (a.Title, a.Detail, a.Status).ShouldBe((b.Title, b.Detail, b.Status));
        wrongPassword.Headers.Contains("Set-Cookie").ShouldBeFalse();
        unknownEmail.Headers.Contains("Set-Cookie").ShouldBeFalse();
    }

    [Fact]
    public async Task Login_sets_a_strict_http_only_secure_refresh_cookie_scoped_to_auth()
    {
        await SignUpAsync("erin@example.test");
        var response = await Factory.CreateApiClient().PostAsJsonAsync(
            "/api/auth/login", new { email = "erin@example.test", password = ApiFactory.GoodPassword }, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<TokenBody>(Cancellation);
        body!.ExpiresIn.ShouldBe(15 * 60);
        body.TokenType.ShouldBe("Bearer");

        var cookies = response.Headers.GetValues("Set-Cookie").Select(c => c.ToLowerInvariant()).ToList();
        var cookie = cookies.Single(c => c.StartsWith("faceaspire_refresh=", StringComparison.Ordinal));
        cookie.ShouldContain("path=/api/auth");
        cookie.ShouldContain("httponly");
        cookie.ShouldContain("secure");
        cookie.ShouldContain("samesite=strict");

        // The device cookie that lets this browser through a sign-in flood aimed at the account is kept just as close.
        var device = cookies.Single(c => c.StartsWith("faceaspire_device=", StringComparison.Ordinal));
        device.ShouldContain("path=/api/auth");
        device.ShouldContain("httponly");
        device.ShouldContain("secure");
        device.ShouldContain("samesite=strict");
        cookies.Count.ShouldBe(2);
    }

    [Fact]
    public async Task Me_requires_a_token()
    {
        var response = await Factory.CreateApiClient().GetAsync("/api/me", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Malformed_json_is_a_problem_not_a_crash()
    {
        using var content = new StringContent("{not json", System.Text.Encoding.UTF8, "application/json");
        var response = await Factory.CreateApiClient().PostAsync("/api/auth/login", content, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemAsync()).Status.ShouldBe(400);
    }

    private sealed record MeBody(Guid Id, string Email, string[] Roles, DateTimeOffset CreatedAt);
}
