using Microsoft.Playwright;

namespace FaceAspire.Web.Tests.Infrastructure;

/// <summary>
/// One browser context (its own cookies, so its own user) with helpers for the product's flows, and a record
/// of Content-Security-Policy violations and uncaught script errors seen on its pages.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IBrowserContext _context;
    private readonly List<string> _problems = [];
    private readonly Queue<string> _refusals = new();

    private BrowserSession(IBrowserContext context, IPage page)
    {
        _context = context;
        Page = page;
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
            {
                Record($"CSP: {message.Text}");
            }
        };
        page.PageError += (_, error) => Record($"Script error: {error}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Url.Contains("/api/", StringComparison.Ordinal))
            {
                lock (_refusals)
                {
                    _refusals.Enqueue($"{response.Request.Method} {new Uri(response.Url).AbsolutePath} {response.Status}");
                    if (_refusals.Count > 20)
                    {
                        _refusals.Dequeue();
                    }
                }
            }
        };
    }

    public IPage Page { get; }

    /// <summary>CSP violations and uncaught errors so far; a working page has none.</summary>
    public IReadOnlyList<string> Problems
    {
        get
        {
            lock (_problems)
            {
                return [.. _problems];
            }
        }
    }

    /// <summary>
    /// Expects <paramref name="locator"/> to become visible within <paramref name="timeoutMs"/>; a failure says which
    /// <paramref name="step"/> it was, the page's address and text, and the API's latest refusals (4xx/5xx).
    /// </summary>
    public async Task ExpectVisibleAsync(ILocator locator, string step, float timeoutMs = 15_000)
    {
        try
        {
            await Assertions.Expect(locator).ToBeVisibleAsync(new() { Timeout = timeoutMs });
        }
        catch (PlaywrightException ex)
        {
            string text;
            try
            {
                text = (await Page.Locator("body").InnerTextAsync(new() { Timeout = 2_000 })).ReplaceLineEndings(" | ");
            }
            catch (PlaywrightException)
            {
                text = "(unreadable)";
            }

            string[] refusals;
            lock (_refusals)
            {
                refusals = [.. _refusals];
            }

            throw new Xunit.Sdk.XunitException(
                $"{step}: nothing visible after {timeoutMs} ms on {Page.Url}. API refusals: [{string.Join("; ", refusals)}]. "
                + $"Page: {text[..Math.Min(text.Length, 600)]}\n{ex.Message}");
        }
    }

    public static async Task<BrowserSession> OpenAsync(AppStack stack, int width = 1280, int height = 900)
    {
        var context = await stack.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = stack.WebUrl.ToString(),
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = ColorScheme.Light,
        });
        context.SetDefaultTimeout(30_000);
        return new BrowserSession(context, await context.NewPageAsync());
    }

    public async Task RegisterAsync(string email, string password)
    {
        await Page.GotoAsync("/register");
        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Password", new() { Exact = true }).FillAsync(password);
        await Page.GetByLabel("Repeat password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Status)).ToHaveTextAsync("If this address was new, your account is ready. Sign in to continue.");
    }

    /// <summary>Signs in from the sign-in page and waits for the gallery.</summary>
    public async Task SignInAsync(string email, string password)
    {
        if (!Page.Url.Contains("/signin", StringComparison.Ordinal))
        {
            await Page.GotoAsync("/signin");
        }

        await Page.GetByLabel("E-mail").FillAsync(email);
        await Page.GetByLabel("Password").FillAsync(password);
        await Page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await ExpectVisibleAsync(Page.GetByRole(AriaRole.Heading, new() { Name = "Your photos" }), $"signing in as {email}");
    }

    /// <summary>Uploads files from the upload page and waits until each one is stored.</summary>
    public async Task UploadAsync(params FilePayload[] files)
    {
        await Page.GotoAsync("/upload");
        await Page.GetByLabel("Photos to upload").SetInputFilesAsync(files);
        await Assertions.Expect(Page.Locator("[data-state=done]")).ToHaveCountAsync(files.Length, new() { Timeout = 60_000 });
    }

    public ILocator PhotoCount => Page.GetByTestId("photo-count");

    public ILocator Thumbnails => Page.GetByRole(AriaRole.List, new() { Name = "Photos" }).GetByRole(AriaRole.Img);

    public async Task OpenGalleryAsync()
    {
        await Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" }).GetByRole(AriaRole.Link, new() { Name = "Photos" }).ClickAsync();
        await Assertions.Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Your photos" })).ToBeVisibleAsync();
    }

    /// <summary>Waits until every image matched by <paramref name="images"/> has decoded with real pixels.</summary>
    public static async Task ExpectImagesLoadedAsync(ILocator images, int count)
    {
        await Assertions.Expect(images).ToHaveCountAsync(count);
        for (var i = 0; i < count; i++)
        {
            var image = images.Nth(i);
            await Assertions.Expect(image).ToHaveAttributeAsync("src", new System.Text.RegularExpressions.Regex("^blob:"));
            await image.EvaluateAsync("img => img.decode()");
            (await image.EvaluateAsync<int>("img => img.naturalWidth")).ShouldBeGreaterThan(0);
        }
    }

    public async Task ScreenshotAsync(string fileName)
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(folder, fileName), FullPage = true });
    }

    public async ValueTask DisposeAsync() => await _context.DisposeAsync();

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
