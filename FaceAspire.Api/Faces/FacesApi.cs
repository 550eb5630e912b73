using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using FaceAspire.Api.Limits;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FaceAspire.Api.Faces;

/// <summary>
/// Faces across photos: compare two photos, search the user's photos for a face, people, face crops and the face
/// recognition switch. Everything is per user: another user's photo, face or person is 404.
/// </summary>
public static class FacesApi
{
    public static IEndpointRouteBuilder MapFacesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Faces").RequireAuthorization();
        api.MapPost("/compare", CompareEndpoint.CompareAsync).WithName("CompareFaces")
            .WithSummary("Rekognition CompareFaces: a face of one photo against every face of another")
            .RequireRateLimiting(RateLimitPolicies.Searches);
        api.MapPost("/faces/{faceId:guid}/search", SearchEndpoints.SearchByFaceAsync).WithName("SearchFaces")
            .WithSummary("Rekognition SearchFaces: the faces of all the user's photos most like this one")
            .RequireRateLimiting(RateLimitPolicies.Searches);
        api.MapPost("/search", SearchEndpoints.SearchByImageAsync).WithName("SearchFacesByImage")
            .WithSummary("Rekognition SearchFacesByImage: the largest face of a photo that is not stored (multipart part 'file'), searched in the user's photos")
            .Accepts<IFormFile>("multipart/form-data")
            .DisableAntiforgery()
            .RequireRateLimiting(RateLimitPolicies.Searches);
        api.MapGet("/faces/{faceId:guid}/image", FaceImageEndpoint.GetAsync).WithName("GetFaceImage")
            .WithSummary("A square JPEG crop of the face");
        api.MapPost("/faces/{faceId:guid}/person", PeopleEndpoints.MoveFaceAsync).WithName("MoveFace")
            .WithSummary("Move a face into a person ({\"personId\"}) or out of every person ({\"personId\": null}); clustering keeps the choice");
        api.MapGet("/people", PeopleEndpoints.ListAsync).WithName("ListPeople")
            .WithSummary("The user's people: named first, each with face and photo counts and a cover face");
        api.MapGet("/people/{id:guid}/faces", PeopleEndpoints.FacesAsync).WithName("GetPersonFaces").WithSummary("A person and all their faces");
        api.MapPatch("/people/{id:guid}", PeopleEndpoints.RenameAsync).WithName("RenamePerson").WithSummary("Name a person (null or blank removes the name)");
        api.MapPost("/people/{id:guid}/merge", PeopleEndpoints.MergeAsync).WithName("MergePeople")
            .WithSummary("Move every face of another person into this one and delete the other");
        api.MapGet("/faces/settings", GetSettingsAsync).WithName("GetFaceSettings").WithSummary("Whether face recognition is on for the user");
        api.MapPut("/faces/settings", PutSettingsAsync).WithName("SetFaceSettings")
            .WithSummary("Turn face recognition on or off; off deletes the user's face descriptors and people");
        return app;
    }

    internal static async Task<Ok<FaceSettingsResponse>> GetSettingsAsync(HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(new FaceSettingsResponse(await FaceRecognitionSettings.IsEnabledAsync(db, FaceQueries.Owner(context), cancellationToken)));

    internal static async Task<Ok<FaceSettingsResponse>> PutSettingsAsync(
        FaceSettingsRequest request, HttpContext context, FaceAspireDbContext db, FaceIndex index, ObjectDeleter deleter, IFaceMatcher matcher,
        CancellationToken cancellationToken)
    {
        var owner = FaceQueries.Owner(context);
        await FaceRecognitionSettings.SetAsync(db, deleter, matcher, owner, request.Enabled, cancellationToken);
        index.Forget(owner);
        return TypedResults.Ok(new FaceSettingsResponse(request.Enabled));
    }
}
