using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace FaceAspire.Web.Hosting;

/// <summary>Serves the built Vue app from wwwroot with a cache policy that suits Vite's output.</summary>
public static class ClientAppFiles
{
    /// <summary>Vite puts content-hashed bundles here: a changed file gets a new name, so they never go stale.</summary>
    public const string HashedAssetsPath = "/assets";

    public const string ImmutableCacheControl = "public, max-age=31536000, immutable";

    /// <summary>index.html names the current bundles, so the browser must check it on every load.</summary>
    public const string RevalidateCacheControl = "no-cache";

    public static WebApplication UseClientAppStaticFiles(this WebApplication app)
    {
        app.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SetCacheControl });
        return app;
    }

    /// <summary>
    /// Client routes (/photos/123, /account) are not files: serve index.html and let the router handle them.
    /// Paths that look like files (a dot in the last segment) stay 404s so a missing bundle is not masked.
    /// </summary>
    public static WebApplication MapClientAppFallback(this WebApplication app)
    {
        app.MapFallbackToFile("index.html", new StaticFileOptions { OnPrepareResponse = SetCacheControl });
        return app;
    }

    private static void SetCacheControl(StaticFileResponseContext context)
    {
        var immutable = context.Context.Request.Path.StartsWithSegments(HashedAssetsPath, StringComparison.Ordinal)
            && context.Context.Response.StatusCode == StatusCodes.Status200OK;
        context.Context.Response.Headers[HeaderNames.CacheControl] = immutable ? ImmutableCacheControl : RevalidateCacheControl;
    }
}
