using System.Globalization;
using FaceAspire.Api.Limits;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaceAspire.Api.Accounts;

/// <summary>Registration, sign-in, token refresh and sign-out: <c>/api/auth</c>.</summary>
public static class AuthApi
{
    public static IEndpointRouteBuilder MapAuthApi(this IEndpointRouteBuilder app)
    {
        // The routes that sign a user in or out are anonymous; the rest need a signed-in user. (AllowAnonymous on the
        // group would win over RequireAuthorization on a route, so each route says which it is.)
        var api = app.MapGroup("/api/auth").WithTags("Auth");

        api.MapPost("/register", RegisterAsync).WithName("Register").WithSummary("Create an account (202 whether or not the e-mail was taken)").AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.Register);
        api.MapPost("/login", LoginAsync).WithName("Login")
            .WithSummary("Sign in: returns an access token and sets the refresh-token cookie").AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.SignIn);
        api.MapPost("/refresh", RefreshAsync).WithName("Refresh")
            .WithSummary("Exchange the refresh-token cookie for a new access token and a new cookie")
            .AddEndpointFilter<SameOriginFilter>().AllowAnonymous()
            .RequireRateLimiting(RateLimitPolicies.SignIn);
        api.MapPost("/logout", LogoutAsync).WithName("Logout").WithSummary("End the current session")
            .AddEndpointFilter<SameOriginFilter>().AllowAnonymous();
        api.MapPost("/logout-all", LogoutAllAsync).WithName("LogoutAll").WithSummary("End every session of the user")
            .RequireAuthorization();
        api.MapPost("/change-password", ChangePasswordAsync).WithName("ChangePassword")
            .WithSummary("Change the password and end every other session").RequireAuthorization();
        return app;
    }

    /// <summary>
    /// 202 for a new and for a taken e-mail alike, after the same work. The address is told which it was, by e-mail
    /// through the alert function: a welcome for a new account, a "someone tried to register your address" notice to
    /// the owner of a taken one (at most one per <c>Accounts:RegistrationNoticeInterval</c>).
    /// </summary>
    internal static async Task<Results<Accepted<RegistrationResponse>, ValidationProblem>> RegisterAsync(
        CredentialsRequest request, AccountService accounts, PasswordPolicy policy, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Normalize(request.Email);
        var problems = new Dictionary<string, string[]>();
        if (!EmailAddress.IsValid(email))
        {
            problems["email"] = ["A valid e-mail address is required."];
        }

        if (policy.Check(request.Password, email) is { Count: > 0 } passwordProblems)
        {
            problems["password"] = [.. passwordProblems];
        }

        if (problems.Count > 0)
        {
            return TypedResults.ValidationProblem(problems);
        }

        _ = await accounts.RegisterAsync(email, request.Password!, [Roles.User], notify: true, cancellationToken);
        return TypedResults.Accepted((string?)null, RegistrationResponse.Accepted);
    }

    internal static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> LoginAsync(
        CredentialsRequest request, AccountService accounts, DeviceCookie devices, HttpContext context, CancellationToken cancellationToken)
    {
        var email = EmailAddress.Normalize(request.Email);
        var password = request.Password ?? string.Empty;
        if (email.Length > EmailAddress.MaximumLength || password.Length > PasswordPolicy.MaximumLength * 2)
        {
            return InvalidCredentials();
        }

        var result = await accounts.SignInAsync(email, password, RateLimitPolicies.ClientAddress(context), devices.Recognises(context.Request, email), cancellationToken);
        switch (result)
        {
            case SignInResult.Succeeded success:
                RefreshCookie.Write(context.Response, success.Refresh);
                devices.Write(context.Response, email);
                return TypedResults.Ok(new AccessTokenResponse(success.Access.Token, success.Access.ExpiresIn));
            case SignInResult.Throttled throttled:
                return TooManyAttempts(context, throttled.RetryAfter);
            default:
                return InvalidCredentials();
        }
    }

    internal static async Task<Results<Ok<AccessTokenResponse>, ProblemHttpResult>> RefreshAsync(
        HttpContext context, SessionStore sessions, AccessTokenIssuer tokens, CancellationToken cancellationToken)
    {
        var result = await sessions.RotateAsync(RefreshCookie.Read(context.Request), cancellationToken);
        if (result is not RotationResult.Rotated rotated)
        {
            RefreshCookie.Clear(context.Response);
            return TypedResults.Problem(
                statusCode: StatusCodes.Status401Unauthorized,
                title: "The session has ended.",
                detail: "Sign in again.");
        }

        RefreshCookie.Write(context.Response, rotated.Next);
        var access = tokens.Issue(rotated.User, rotated.Next.SessionId);
        return TypedResults.Ok(new AccessTokenResponse(access.Token, access.ExpiresIn));
    }

    internal static async Task<NoContent> LogoutAsync(HttpContext context, SessionStore sessions, CancellationToken cancellationToken)
    {
        if (await sessions.FindSessionAsync(RefreshCookie.Read(context.Request), cancellationToken) is { } session)
        {
            await sessions.RevokeSessionAsync(session, cancellationToken);
        }

        RefreshCookie.Clear(context.Response);
        return TypedResults.NoContent();
    }

    internal static async Task<NoContent> LogoutAllAsync(HttpContext context, SessionStore sessions, CancellationToken cancellationToken)
    {
        await sessions.RevokeAllAsync(CurrentUser.Id(context.User), keep: null, cancellationToken);
        RefreshCookie.Clear(context.Response);
        return TypedResults.NoContent();
    }

    internal static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        ChangePasswordRequest request, HttpContext context, AccountService accounts, SignInThrottle throttle, CancellationToken cancellationToken)
    {
        var email = context.User.FindFirst(AccessTokenDefaults.EmailClaim)?.Value ?? string.Empty;
        var clientAddress = RateLimitPolicies.ClientAddress(context);
        // A signed-in session proving its password again: the account-wide delay is for callers without one.
        if (await throttle.BeginAttemptAsync(email, clientAddress, knownDevice: true, cancellationToken) is { } wait)
        {
            return TooManyAttempts(context, wait);
        }

        var session = CurrentUser.SessionId(context.User);
        var problems = await accounts.ChangePasswordAsync(CurrentUser.Id(context.User), request, session, clientAddress, cancellationToken);
        return problems.Count > 0 ? TypedResults.ValidationProblem(problems) : TypedResults.NoContent();
    }

    private static ProblemHttpResult InvalidCredentials() => TypedResults.Problem(
        statusCode: StatusCodes.Status401Unauthorized,
        title: "Sign-in failed.",
        detail: "The e-mail or password is not correct.");

    internal static ProblemHttpResult TooManyAttempts(HttpContext context, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status429TooManyRequests,
            title: "Too many failed sign-in attempts.",
            detail: $"Try again in {seconds} seconds.");
    }
}
