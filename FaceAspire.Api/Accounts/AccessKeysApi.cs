using Microsoft.AspNetCore.Http.HttpResults;

namespace FaceAspire.Api.Accounts;

/// <summary>
/// <c>/api/access-keys</c>: the signed-in user's access keys for AWS tools (Signature Version 4 against the
/// Rekognition-compatible API at <c>POST /</c>). The secret is returned once, by the creation.
/// </summary>
public static class AccessKeysApi
{
    public static IEndpointRouteBuilder MapAccessKeysApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/access-keys").WithTags("Accounts").RequireAuthorization();
        api.MapPost("/", CreateAsync).WithName("CreateAccessKey").WithSummary("Create an access key (its secret is shown only now)");
        api.MapGet("/", ListAsync).WithName("ListAccessKeys").WithSummary("The user's access keys, without secrets");
        api.MapDelete("/{accessKeyId}", DeleteAsync).WithName("DeleteAccessKey").WithSummary("Revoke an access key at once");
        return app;
    }

    internal static async Task<Results<Created<CreatedAccessKeyResponse>, ProblemHttpResult>> CreateAsync(
        HttpContext context, AccessKeyStore keys, CancellationToken cancellationToken)
    {
        var created = await keys.CreateAsync(CurrentUser.Id(context.User), cancellationToken);
        return created is null
            ? TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Too many access keys.",
                detail: $"An account can hold {AccessKeyStore.MaxKeysPerUser} access keys at once; delete one before creating another.")
            : TypedResults.Created($"/api/access-keys/{created.AccessKeyId}", created);
    }

    internal static async Task<Ok<List<AccessKeyResponse>>> ListAsync(HttpContext context, AccessKeyStore keys, CancellationToken cancellationToken) =>
        TypedResults.Ok(await keys.ListAsync(CurrentUser.Id(context.User), cancellationToken));

    internal static async Task<Results<NoContent, NotFound>> DeleteAsync(
        string accessKeyId, HttpContext context, AccessKeyStore keys, CancellationToken cancellationToken) =>
        await keys.DeleteAsync(CurrentUser.Id(context.User), accessKeyId, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();
}
