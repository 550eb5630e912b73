using System.IO.Compression;
using System.Text.Json;
using FaceAspire.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests;

/// <summary>The Account page's privacy controls: download my data, then delete the account.</summary>
public sealed class AccountJourneyTests(AppStack stack)
{
    private const string Password = "amber-orchard-signal-73";

    [Fact]
    public async Task A_user_downloads_their_data_and_deletes_their_account_only_with_the_right_password()
    {
        var email = $"carol-{Guid.NewGuid():N}@example.com";
        await using var session = await BrowserSession.OpenAsync(stack);
        var page = session.Page;
        await session.RegisterAsync(email, Password);
        await session.SignInAsync(email, Password);
        await session.UploadAsync(TestPhotos.SamplePayload(1));
        await page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();

        var download = await page.RunAndWaitForDownloadAsync(() =>
            page.GetByRole(AriaRole.Button, new() { Name = "Download my data" }).ClickAsync());
        download.SuggestedFilename.ShouldEndWith(".zip");
        using (var zip = ZipFile.OpenRead(await download.PathAsync()))
        {
            using var account = JsonDocument.Parse(zip.GetEntry("account.json")!.Open());
            account.RootElement.GetProperty("email").GetString().ShouldBe(email);
            using var photos = JsonDocument.Parse(zip.GetEntry("photos.json")!.Open());
            var photo = photos.RootElement.EnumerateArray().ShouldHaveSingleItem();
            zip.GetEntry(photo.GetProperty("image").GetString()!).ShouldNotBeNull();
        }

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete my account…" }).ClickAsync();
        var confirm = page.GetByRole(AriaRole.Button, new() { Name = "Delete my account and all my data" });
        await page.GetByLabel("Password", new() { Exact = true }).FillAsync("not my password at all");
        await confirm.ClickAsync();
        await session.ExpectVisibleAsync(page.GetByText("The password is not correct; nothing was deleted."), "deleting with a wrong password");

        await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
        await confirm.ClickAsync();
        await session.ExpectVisibleAsync(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" }), "deleting with the right password");

        // The account is gone: its password no longer signs in.
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await session.ExpectVisibleAsync(page.GetByRole(AriaRole.Alert), "signing in to the deleted account");
        session.Problems.ShouldBeEmpty();
    }
}
