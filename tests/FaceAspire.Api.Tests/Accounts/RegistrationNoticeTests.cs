using FaceAspire.Api.Alerts;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>
/// What a registration leaves in the alert outbox (the delivery through the alert function is in AlertTests): a welcome
/// for a new account, one notice per interval to the owner of a taken address, keyed by the account's id alone.
/// </summary>
public sealed class RegistrationNoticeTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Concurrent_registrations_of_a_taken_address_queue_one_notice_for_its_owner()
    {
        var owner = await SignUpAsync();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Factory.CreateApiClient()
            .PostAsJsonAsync("/api/auth/register", new { email = owner.Email, password = $"attacker password number {i}" }, Cancellation)));

        answers.Select(a => a.StatusCode).ShouldAllBe(status => status == HttpStatusCode.Accepted);
        (await NoticesAsync()).ShouldBe([(AlertKinds.Welcome, owner.Email), (AlertKinds.RegistrationAttempt, owner.Email)]);
    }

    [Fact]
    public async Task An_administrator_created_at_start_gets_no_welcome_and_a_deleted_account_takes_its_notices_with_it()
    {
        await MakeAdminAsync("first-admin@example.test");
        var user = await SignUpAsync();
        (await NoticesAsync()).ShouldBe([(AlertKinds.Welcome, user.Email)]);

        using var delete = new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = ApiFactory.GoodPassword }) };
        (await user.Http.SendAsync(delete, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        (await NoticesAsync()).ShouldBeEmpty();
    }

    /// <summary>The account notices in the outbox, in order, with the address of the account each names.</summary>
    private async Task<List<(string Kind, string Email)>> NoticesAsync()
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        var notices = await (
            from notice in db.AlertOutbox
            join user in db.Users on notice.UserId equals user.Id
            orderby notice.CreatedAt, notice.Id
            select new { notice.Kind, user.Email }).ToListAsync(Cancellation);
        return [.. notices.Select(n => (n.Kind, n.Email))];
    }
}
