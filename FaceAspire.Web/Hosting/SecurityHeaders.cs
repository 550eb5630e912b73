namespace FaceAspire.Web.Hosting;

/// <summary>Browser security headers for every response the front end sends, proxied API answers included.</summary>
public static class SecurityHeaders
{
    /// <summary>
    /// Scripts, styles and connections from this origin only: the Vite build emits no inline script or style,
    /// and Vue's style bindings go through the CSSOM, which style-src does not restrict. Photos are shown
    /// through blob: URLs because the image endpoints need the bearer token.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; connect-src 'self'; " +
        "font-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Adds the headers just before each response starts, overriding any copied from the API.</summary>
    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) => app.Use((context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            Apply(context);
            return Task.CompletedTask;
        });
        return next(context);
    });

    private static void Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
        headers["Cross-Origin-Opener-Policy"] = "same-origin";
        // The API reference page (Scalar) is the API's own HTML and relies on inline script; it keeps the
        // API's policy rather than the front end's.
        if (!context.Request.Path.StartsWithSegments("/scalar", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = ContentSecurityPolicy;
        }
    }
}
