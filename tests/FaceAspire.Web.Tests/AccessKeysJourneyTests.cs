using FaceAspire.TestSupport;
using FaceAspire.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests;

/// <summary>An access key made on the Account page drives the AWS CLI through the app's own URL, and deleting it there stops it.</summary>
public sealed class AccessKeysJourneyTests(AppStack stack)
{
    [Fact]
    public async Task A_key_created_on_the_account_page_works_with_the_aws_cli_until_it_is_deleted()
    {
        await using var session = await BrowserSession.OpenAsync(stack);
        var email = $"keys-{Guid.NewGuid():N}@example.com";
        const string password = "quartz-meadow-lantern-31";
        await session.RegisterAsync(email, password);
        await session.SignInAsync(email, password);
        await session.Page.GotoAsync("/account");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = "Create access key" }).ClickAsync();
        var id = await session.Page.GetByTestId("new-access-key-id").InnerTextAsync();
        var secret = await session.Page.GetByTestId("new-secret-access-key").InnerTextAsync();
        var table = session.Page.GetByRole(AriaRole.Table, new() { Name = "Access keys" });
        await Assertions.Expect(table.GetByRole(AriaRole.Row)).ToHaveCountAsync(2);
        await Assertions.Expect(table).ToContainTextAsync(id);
        await Assertions.Expect(table).Not.ToContainTextAsync(secret);

        var aws = new AwsCli(stack.WebUrl, id, secret);
        var listed = await aws.RunAsync("rekognition", "list-collections");
        listed.ExitCode.ShouldBe(0, listed.Error);
        listed.Json.GetProperty("CollectionIds").GetArrayLength().ShouldBe(0);

        // After a reload the secret is gone from the page for good, and the key shows it was used.
        await session.Page.ReloadAsync();
        await Assertions.Expect(session.Page.GetByTestId("new-secret-access-key")).ToHaveCountAsync(0);
        await Assertions.Expect(table.GetByRole(AriaRole.Row).Nth(1)).Not.ToContainTextAsync("never");

        await session.Page.GetByRole(AriaRole.Button, new() { Name = $"Delete {id}" }).ClickAsync();
        await Assertions.Expect(session.Page.GetByText("You have no access keys.")).ToBeVisibleAsync();
        (await aws.RunAsync("rekognition", "list-collections")).ErrorName.ShouldBe("UnrecognizedClientException");
        session.Problems.ShouldBeEmpty();
    }
}
