using FaceAspire.Api.Accounts;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>The API started with <c>Admin:Email</c> and <c>Admin:Password</c>, as a deployment bootstraps it.</summary>
public sealed class AdminSettingsFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public const string Email = "root@example.test";
    public const string Password = "the operator's own passphrase 9";

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Admin:Email"] = Email;
        settings["Admin:Password"] = Password;
        return settings;
    }
}

/// <summary>
/// Bootstrap creates the administrator and nothing else: an account someone registered first under the
/// administrator's address is never promoted by it, and promoting an account needs its own password.
/// </summary>
public sealed class AdminBootstrapTests(ApiFactory factory, PostgresFixture postgres) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Whoever_registered_the_admin_address_first_does_not_become_administrator_at_start()
    {
        var squatter = await SignUpAsync(AdminSettingsFactory.Email);

        await using var bootstrapped = new AdminSettingsFactory(postgres);
        using var client = bootstrapped.CreateApiClient(); // starts the API, which applies Admin:Email
        (await RolesOf(squatter.Http)).ShouldBe(["user"]);
        (await client.PostAsJsonAsync("/api/auth/login", new { email = AdminSettingsFactory.Email, password = AdminSettingsFactory.Password }, Cancellation))
            .StatusCode.ShouldBe(HttpStatusCode.Unauthorized, "the configured password must not have replaced the squatter's");
    }

    [Fact]
    public async Task On_a_fresh_database_the_configured_administrator_is_created_with_the_configured_password()
    {
        await using var bootstrapped = new AdminSettingsFactory(postgres);
        using var client = bootstrapped.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await client.LoginAsync(AdminSettingsFactory.Email, AdminSettingsFactory.Password));
        (await RolesOf(client)).ShouldBe(["user", "admin"]);
    }

    [Fact]
    public async Task Create_admin_refuses_an_existing_user_account_and_leaves_it_unchanged()
    {
        var user = await SignUpAsync("existing@example.test");
        await using var scope = Factory.Services.CreateAsyncScope();
        var failure = await Should.ThrowAsync<InvalidOperationException>(() => scope.ServiceProvider.GetRequiredService<AdminAccounts>()
            .CreateAdminAsync(user.Email, "another passphrase entirely 5", Cancellation));
        failure.Message.ShouldContain("create-admin --promote");
        (await RolesOf(user.Http)).ShouldBe(["user"]);
    }

    [Fact]
    public async Task Promote_needs_the_accounts_current_password()
    {
        var user = await SignUpAsync("owner@example.test");
        await using var scope = Factory.Services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<AdminAccounts>();

        await Should.ThrowAsync<ArgumentException>(() => admins.PromoteAsync(user.Email, "not the password at all 1", Cancellation));
        await Should.ThrowAsync<ArgumentException>(() => admins.PromoteAsync("nobody@example.test", ApiFactory.GoodPassword, Cancellation));
        (await RolesOf(user.Http)).ShouldBe(["user"]);

        (await admins.PromoteAsync(user.Email, ApiFactory.GoodPassword, Cancellation)).ShouldBe(AdminOutcome.Promoted);
        using var client = Factory.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", await client.LoginAsync(user.Email, ApiFactory.GoodPassword));
        (await RolesOf(client)).ShouldBe(["user", "admin"]);
        (await admins.PromoteAsync(user.Email, ApiFactory.GoodPassword, Cancellation)).ShouldBe(AdminOutcome.AlreadyAdmin);
    }

    private static async Task<string[]> RolesOf(HttpClient client) =>
        (await client.GetFromJsonAsync<RolesBody>("/api/me", Cancellation))!.Roles;

    private sealed record RolesBody(string[] Roles);
}
