using System.Text.RegularExpressions;
using FaceAspire.Web.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FaceAspire.Web.Tests;

/// <summary>
/// Faces across photos in the browser: a group photo and a photo of one person in it are compared, the person is
/// found from the single photo, named, and listed by name on the People page.
/// </summary>
public sealed partial class FacesJourneyTests(AppStack stack)
{
    private const string Password = "copper-lantern-meadow-93";
    private static readonly LocatorAssertionsToHaveTextOptions AnalysisText = new() { Timeout = 180_000 };

    [Fact]
    public async Task A_person_of_a_group_photo_is_compared_found_named_and_listed_among_people()
    {
        await using var session = await BrowserSession.OpenAsync(stack);
        var page = session.Page;
        var email = $"people-{Guid.NewGuid():N}@example.com";
        await session.RegisterAsync(email, Password);
        await session.SignInAsync(email, Password);
        await session.UploadAsync(TestPhotos.SamplePayload(1), await TestPhotos.SinglePersonJpegAsync(page));

        // Compare: the single photo's face against the group photo; the slider re-filters without a reload.
        var nav = page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });
        await nav.GetByRole(AriaRole.Link, new() { Name = "Compare" }).ClickAsync();
        await ChooseAsync(page.GetByLabel("Choose from your photos").First, "single-person.jpg");
        await ChooseAsync(page.GetByLabel("Choose from your photos").Nth(1), "sample1.jpg");
        var summary = page.GetByTestId("compare-summary");
        await Assertions.Expect(summary).ToHaveTextAsync(OneMatch(), AnalysisText);
        await Assertions.Expect(page.GetByRole(AriaRole.Table)).ToContainTextAsync("Match");
        await BrowserSession.ExpectImagesLoadedAsync(page.Locator("figure img"), 2);
        await Assertions.Expect(page.GetByTestId("compare-overlay").Nth(1).Locator("g.matched")).ToHaveCountAsync(1);
        await session.ScreenshotAsync("compare-desktop.png");
        var slider = page.GetByLabel("Similarity threshold");
        await slider.FocusAsync();
        await page.Keyboard.PressAsync("End");
        await Assertions.Expect(page.GetByTestId("threshold-value")).ToHaveTextAsync("100");
        await Assertions.Expect(summary).ToHaveTextAsync("No face of the second photo reaches the threshold.");
        await page.Keyboard.PressAsync("Home");
        await Assertions.Expect(summary).ToHaveTextAsync(new Regex("^3 matching faces"));
        await Assertions.Expect(page.GetByTestId("compare-overlay").Nth(1).Locator("g.matched")).ToHaveCountAsync(3);

        // Find this person from the single photo: the match links to the group photo with that face highlighted.
        await session.OpenGalleryAsync();
        await page.GetByRole(AriaRole.Img, new() { Name = "single-person.jpg" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("analysis-status")).ToHaveTextAsync("1 face found. Choose one for its details.", AnalysisText);
        await page.GetByRole(AriaRole.Button, new() { Name = "Find this person" }).ClickAsync();
        await Assertions.Expect(page.GetByTestId("search-status")).ToHaveTextAsync("1 matching face in your photos.");
        var matches = page.GetByRole(AriaRole.List, new() { Name = "Matching faces" }).GetByRole(AriaRole.Link);
        await Assertions.Expect(matches).ToHaveCountAsync(1);
        await BrowserSession.ExpectImagesLoadedAsync(matches.GetByRole(AriaRole.Img), 1);
        await session.ScreenshotAsync("find-person.png");
        await matches.First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "sample1.jpg" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("face="));
        await Assertions.Expect(page.GetByTestId("face-overlay").Locator("g.selected")).ToHaveCountAsync(1);
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Faces" }).GetByRole(AriaRole.Button, new() { Pressed = true })).ToHaveCountAsync(1);

        // The two faces became one person (clustering runs in the background): open, name, and see the name listed.
        await nav.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        var people = page.GetByRole(AriaRole.List, new() { Name = "People" }).GetByRole(AriaRole.Link);
        for (var attempt = 0; attempt < 120 && await people.CountAsync() == 0; attempt++)
        {
            await page.WaitForTimeoutAsync(500);
            await page.ReloadAsync();
        }

        await Assertions.Expect(people).ToHaveCountAsync(1);
        await Assertions.Expect(people.First).ToContainTextAsync("Unnamed person 1");
        await Assertions.Expect(people.First).ToContainTextAsync("2 photos");
        await people.First.ClickAsync();
        var name = page.GetByLabel("Name", new() { Exact = true });
        await name.FillAsync("Ada Lovelace");
        await name.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToHaveTextAsync("Named Ada Lovelace.");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ada Lovelace" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "Faces of this person" }).GetByRole(AriaRole.Img)).ToHaveCountAsync(2);
        await nav.GetByRole(AriaRole.Link, new() { Name = "People" }).ClickAsync();
        await Assertions.Expect(people.First).ToContainTextAsync("Ada Lovelace");
        await BrowserSession.ExpectImagesLoadedAsync(people.Locator("img"), 1);
        await session.ScreenshotAsync("people-desktop.png");

        // Renamed on the People page itself, by keyboard.
        var rename = page.GetByRole(AriaRole.Textbox, new() { Name = "Name for Ada Lovelace" });
        await rename.FillAsync("Ada King");
        await rename.PressAsync("Enter");
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Named" })).ToHaveTextAsync("Named Ada King.");
        await Assertions.Expect(people.First).ToContainTextAsync("Ada King");

        // The gallery narrowed to the person shows both photos.
        await session.OpenGalleryAsync();
        await page.GetByLabel("Person").SelectOptionAsync(new SelectOptionValue { Label = "Ada King" });
        await Assertions.Expect(session.PhotoCount).ToHaveTextAsync("2 photos");
        session.Problems.ShouldBeEmpty();
    }

    private static async Task ChooseAsync(ILocator select, string fileName)
    {
        var value = await select.Locator("option", new() { HasText = fileName }).GetAttributeAsync("value");
        await select.SelectOptionAsync(value!);
    }

    [GeneratedRegex("^1 matching face \\(best \\d")]
    private static partial Regex OneMatch();
}
