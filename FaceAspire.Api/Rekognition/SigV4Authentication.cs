using System.Security.Claims;
using System.Text.Encodings.Web;
using FaceAspire.Api.Accounts;
using FaceAspire.ServiceDefaults;
using FaceAspire.ServiceDefaults.Authentication;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Rekognition;

/// <summary>
/// The authentication scheme of the Rekognition-compatible API: a request signed with Signature Version 4 by one of a
/// user's access keys authenticates as that user, with the same <c>sub</c> claim as the user's access tokens, so
/// every per-user rule (scoping, quotas) applies to it unchanged. A failure answers with the AWS error for it.
/// </summary>
public sealed class SigV4AuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    AccessKeyStore keys,
    TimeProvider time) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "AwsSigV4";

    /// <summary>Claim holding the access key id that signed the request.</summary>
    public const string AccessKeyClaim = "access_key_id";

    /// <summary>Claim holding the region of the request's credential scope.</summary>
    public const string RegionClaim = "aws_region";

    private const string FailureItem = "FaceAspire.Rekognition.AuthFailure";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var failure = await AuthenticateCoreAsync();
        if (failure is SigV4Failure f)
        {
            Context.Items[FailureItem] = f;
            return AuthenticateResult.Fail(f.Message);
        }

        return AuthenticateResult.Success((AuthenticationTicket)failure!);
    }

    private async Task<object?> AuthenticateCoreAsync()
    {
        byte[] body;
        try
        {
            body = await RekognitionProtocol.ReadBodyAsync(Context);
        }
        catch (RekognitionException tooLarge)
        {
            return new SigV4Failure(tooLarge.ErrorName, tooLarge.Message, tooLarge.StatusCode);
        }

        var request = new SignedRequest(
            Request.Method,
            Request.Path.Value ?? "/",
            [.. Request.Query.SelectMany(q => q.Value.Select(v => KeyValuePair.Create(q.Key, v ?? string.Empty)))],
            [.. Request.Headers.SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v ?? string.Empty)))],
            body);
        var (credential, parseFailure) = SigV4Verifier.Parse(request, RekognitionProtocol.SigningService);
        if (credential is null)
        {
            return parseFailure;
        }

        (Guid UserId, string Secret)? key;
        try
        {
            key = await keys.FindAsync(credential.AccessKeyId, Context.RequestAborted);
        }
        catch (Exception ex) when (DatabaseAvailability.IsUnavailable(ex))
        {
            return new SigV4Failure("ServiceUnavailableException", "The service is temporarily unavailable; try again shortly.", StatusCodes.Status503ServiceUnavailable);
        }

        if (key is null)
        {
            return new SigV4Failure("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        if (SigV4Verifier.Verify(request, credential, key.Value.Secret, time.GetUtcNow()) is { } invalid)
        {
            return invalid;
        }

        await keys.MarkUsedAsync(credential.AccessKeyId, Context.RequestAborted);
        var identity = new ClaimsIdentity(
            [new Claim(AccessTokenDefaults.SubjectClaim, key.Value.UserId.ToString()), new Claim(AccessKeyClaim, credential.AccessKeyId), new Claim(RegionClaim, credential.Region)],
            SchemeName,
            AccessTokenDefaults.SubjectClaim,
            null);
        return new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName);
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        var failure = Context.Items.TryGetValue(FailureItem, out var item) && item is SigV4Failure f
            ? f
            : SigV4Verifier.MissingToken;
        return RekognitionProtocol.WriteErrorAsync(Response, failure.ErrorName, failure.Message, failure.StatusCode);
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        RekognitionProtocol.WriteErrorAsync(Response, "AccessDeniedException", "You are not authorized to perform this operation.", StatusCodes.Status400BadRequest);
}
