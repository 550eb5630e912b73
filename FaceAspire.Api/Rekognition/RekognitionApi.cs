using System.Security.Claims;
using System.Text.Json;
using FaceAspire.Api.Accounts;
using FaceAspire.Api.Limits;
using FaceAspire.Api.Storage;
using FaceAspire.ServiceDefaults;

namespace FaceAspire.Api.Rekognition;

/// <summary>
/// <c>POST /</c> with <c>X-Amz-Target: RekognitionService.&lt;Operation&gt;</c>: Amazon Rekognition's API for AWS tools
/// (the CLI, the SDKs), signed with a user's access key (<see cref="SigV4AuthenticationHandler"/>).
/// </summary>
public static class RekognitionApi
{
    /// <summary>Authorization policy of the endpoint: a valid Signature Version 4 from a user's access key.</summary>
    public const string PolicyName = "Rekognition";

    /// <summary>Route name; per-user policies (quotas) attach to the endpoint by it.</summary>
    public const string EndpointName = "Rekognition";

    public static RouteHandlerBuilder MapRekognitionApi(this IEndpointRouteBuilder app) =>
        app.MapPost("/", DispatchAsync)
            .RequireAuthorization(PolicyName)
            .RequireRateLimiting(RateLimitPolicies.Rekognition)
            .WithName(EndpointName)
            .WithTags("Rekognition")
            .ExcludeFromDescription();

    internal static async Task DispatchAsync(HttpContext context, FaceOperations faces, CollectionOperations collections)
    {
        var cancellationToken = context.RequestAborted;
        try
        {
            var target = context.Request.Headers[RekognitionProtocol.TargetHeader].ToString();
            var operation = target.StartsWith(RekognitionProtocol.TargetPrefix, StringComparison.Ordinal)
                ? target[RekognitionProtocol.TargetPrefix.Length..]
                : null;
            var body = await RekognitionProtocol.ReadBodyAsync(context);
            var caller = new RekognitionCaller(CurrentUser.Id(context.User), context.User.FindFirstValue(SigV4AuthenticationHandler.RegionClaim) ?? "us-east-1");
            var owner = caller.OwnerId;
            var response = context.Response;
            await (operation switch
            {
                "DetectFaces" => Run(response, await faces.DetectFacesAsync(Read<DetectFacesRequest>(body), owner, cancellationToken)),
                "CompareFaces" => Run(response, await faces.CompareFacesAsync(Read<CompareFacesRequest>(body), owner, cancellationToken)),
                "CreateCollection" => Run(response, await collections.CreateAsync(Read<CollectionRequest>(body), caller, cancellationToken)),
                "DeleteCollection" => Run(response, await collections.DeleteAsync(Read<CollectionRequest>(body), caller, cancellationToken)),
                "ListCollections" => Run(response, await collections.ListAsync(Read<ListCollectionsRequest>(body), caller, cancellationToken)),
                "DescribeCollection" => Run(response, await collections.DescribeAsync(Read<CollectionRequest>(body), caller, cancellationToken)),
                "IndexFaces" => Run(response, await collections.IndexAsync(Read<IndexFacesRequest>(body), caller, cancellationToken)),
                "ListFaces" => Run(response, await collections.ListFacesAsync(Read<ListFacesRequest>(body), caller, cancellationToken)),
                "DeleteFaces" => Run(response, await collections.DeleteFacesAsync(Read<DeleteFacesRequest>(body), caller, cancellationToken)),
                "SearchFaces" => Run(response, await collections.SearchAsync(Read<SearchFacesRequest>(body), caller, cancellationToken)),
                "SearchFacesByImage" => Run(response, await collections.SearchByImageAsync(Read<SearchFacesByImageRequest>(body), caller, cancellationToken)),
                _ => RekognitionProtocol.WriteErrorAsync(response, "UnknownOperationException", null, StatusCodes.Status400BadRequest),
            });
        }
        catch (RekognitionException error)
        {
            await RekognitionProtocol.WriteErrorAsync(context.Response, error.ErrorName, error.Message, error.StatusCode);
        }
        catch (Exception ex) when (ex is StorageUnavailableException || DatabaseAvailability.IsUnavailable(ex))
        {
            context.Response.Headers.RetryAfter = "5";
            await RekognitionProtocol.WriteErrorAsync(
                context.Response, "ServiceUnavailableException", "The service is temporarily unavailable; try again shortly.", StatusCodes.Status503ServiceUnavailable);
        }
    }

    private static Task Run<T>(HttpResponse response, T result) => RekognitionProtocol.WriteResultAsync(response, result);

    private static T Read<T>(byte[] body)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(body.Length == 0 ? "{}"u8 : body, RekognitionProtocol.Json)
                ?? throw new RekognitionException("SerializationException", "The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw new RekognitionException("SerializationException", ex.Message);
        }
    }
}
