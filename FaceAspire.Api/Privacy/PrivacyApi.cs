using FaceAspire.Api.Accounts;
using FaceAspire.Api.Limits;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace FaceAspire.Api.Privacy;

/// <summary>The user's own data: <c>DELETE /api/me</c> (erasure) and <c>GET /api/me/export</c> (portability).</summary>
public static class PrivacyApi
{
    public static IEndpointRouteBuilder MapPrivacyApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/me").WithTags("Privacy").RequireAuthorization();
        api.MapDelete("/", DeleteAsync).WithName("DeleteMe")
            .WithSummary("Delete the account with all its photos, analyses, faces, people and sessions (needs the password)");
        api.MapGet("/export", ExportAsync).WithName("ExportMe")
            .WithSummary("A zip of the user's photos and analysis results");
        return app;
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult, NotFound>> DeleteAsync(
        [FromBody] DeleteAccountRequest request,
        HttpContext context,
        SignInThrottle throttle,
        AccountService accounts,
        AccountEraser eraser,
        CancellationToken cancellationToken)
    {
        var email = context.User.FindFirst(AccessTokenDefaults.EmailClaim)?.Value ?? string.Empty;
        var clientAddress = RateLimitPolicies.ClientAddress(context);
        // A signed-in session proving its password again: the account-wide delay is for callers without one.
        if (await throttle.BeginAttemptAsync(email, clientAddress, knownDevice: true, cancellationToken) is { } wait)
        {
            return AuthApi.TooManyAttempts(context, wait);
        }

        var userId = CurrentUser.Id(context.User);
        if (await accounts.ProveCurrentPasswordAsync(userId, request.Password, clientAddress, cancellationToken) is null)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["password"] = ["The password is not correct; nothing was deleted."] });
        }

        if (!await eraser.EraseAsync(userId, cancellationToken))
        {
            return TypedResults.NotFound();
        }

        RefreshCookie.Clear(context.Response);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<FileStreamHttpResult, NotFound>> ExportAsync(
        HttpContext context, AccountExporter exporter, TimeProvider time, CancellationToken cancellationToken)
    {
        var zip = await exporter.ExportAsync(CurrentUser.Id(context.User), cancellationToken);
        return zip is null
            ? TypedResults.NotFound()
            : TypedResults.File(zip, "application/zip", $"faceaspire-export-{time.GetUtcNow():yyyy-MM-dd}.zip");
    }
}
