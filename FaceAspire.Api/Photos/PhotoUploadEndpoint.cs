using FaceAspire.Api.Accounts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FaceAspire.Api.Photos;

/// <summary>
/// <c>POST /api/photos</c>. The multipart body is read by hand rather than bound, so that each way a request can be
/// wrong (not multipart, too large, no <c>file</c> part, empty part) gets its own precise problem response.
/// </summary>
internal static class PhotoUploadEndpoint
{
    public const string FilePartName = "file";

    public static async Task<Results<Created<IReadOnlyList<PhotoResponse>>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext context, PhotoUploader uploader, IOptions<PhotoOptions> options, CancellationToken cancellationToken)
    {
        var limits = options.Value;
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported request content type.",
                detail: $"Send multipart/form-data with one or more parts named '{FilePartName}'.");
        }

        if (request.ContentLength > limits.MaxRequestBytes)
        {
            return TooLarge($"The request body exceeds {limits.MaxRequestBytes} bytes.");
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } bodySize)
        {
            bodySize.MaxRequestBodySize = limits.MaxRequestBytes;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            return TooLarge(ex.Message);
        }
        catch (InvalidDataException ex)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed multipart body.", detail: ex.Message);
        }

        var parts = form.Files.GetFiles(FilePartName);
        if (parts.Count == 0 || parts.Count > limits.MaxFilesPerRequest)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [FilePartName] = [$"Send between 1 and {limits.MaxFilesPerRequest} parts named '{FilePartName}'."],
            });
        }

        if (parts.FirstOrDefault(p => p.Length > limits.MaxFileBytes) is { } oversized)
        {
            return TooLarge($"'{FileNames.Sanitize(oversized.FileName)}' exceeds {limits.MaxFileBytes} bytes.");
        }

        if (parts.FirstOrDefault(p => p.Length == 0) is { } empty)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                [FilePartName] = [$"'{FileNames.Sanitize(empty.FileName)}' is empty."],
            });
        }

        var files = new List<UploadedFile>(parts.Count);
        foreach (var part in parts)
        {
            using var buffer = new MemoryStream((int)part.Length);
            await part.CopyToAsync(buffer, cancellationToken);
            files.Add(new UploadedFile(part.FileName, buffer.ToArray()));
        }

        var photos = await uploader.UploadAsync(CurrentUser.Id(context.User), files, cancellationToken);
        IReadOnlyList<PhotoResponse> body = [.. photos.Select(p => PhotoResponse.From(p, job: null))];
        var location = photos.Count == 1 ? $"/api/photos/{photos[0].Id}" : "/api/photos";
        return TypedResults.Created(location, body);
    }

    private static ProblemHttpResult TooLarge(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The upload is too large.",
        detail: detail);
}
