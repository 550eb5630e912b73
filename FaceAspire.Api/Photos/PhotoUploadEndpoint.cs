using FaceAspire.Api.Accounts;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace FaceAspire.Api.Photos;

/// <summary>
/// <c>POST /api/photos</c>. The multipart body is read by hand rather than bound, so that each way a request can be
/// wrong (not multipart, too large, no <c>file</c> part, empty part) gets its own precise problem response. With an
/// <c>Idempotency-Key</c> header a repeated request gets the first answer again (<see cref="IdempotentUploads"/>).
/// </summary>
internal static class PhotoUploadEndpoint
{
    public const string FilePartName = "file";

    public static async Task<Results<Created<IReadOnlyList<PhotoResponse>>, ValidationProblem, ProblemHttpResult>> UploadAsync(
        HttpContext context, PhotoUploader uploader, IdempotentUploads idempotency, IOptions<PhotoOptions> options, CancellationToken cancellationToken)
    {
        var key = context.Request.Headers.TryGetValue(IdempotentUploads.HeaderName, out var header) ? header.ToString() : null;
        if (IdempotentUploads.Problem(key) is { } keyProblem)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [IdempotentUploads.HeaderName] = [keyProblem] });
        }

        var read = await ReadFilesAsync(context, options.Value, options.Value.MaxFilesPerRequest, cancellationToken);
        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        if (read.Problem is { } problem)
        {
            return problem;
        }

        var files = read.Files!;
        var owner = CurrentUser.Id(context.User);
        if (key is null)
        {
            return Created(await uploader.UploadAsync(owner, files, cancellationToken));
        }

        var requestHash = IdempotentUploads.RequestHash(files);
        if (await idempotency.FindAsync(owner, key, cancellationToken) is { } earlier)
        {
            return Replay(context, earlier, requestHash);
        }

        try
        {
            var photos = await uploader.UploadAsync(owner, files, cancellationToken, alsoInsert: stored =>
                idempotency.Record(owner, key, requestHash, LocationOf(stored), Body(stored)));
            return Created(photos);
        }
        catch (DbUpdateException ex) when (IdempotentUploads.IsKeyTaken(ex))
        {
            // The same key was being uploaded at the same time and that upload won; this one stored nothing.
            var winner = await idempotency.FindAsync(owner, key, cancellationToken) ?? throw new InvalidOperationException("The idempotency key vanished.", ex);
            return Replay(context, winner, requestHash);
        }
    }

    private static Results<Created<IReadOnlyList<PhotoResponse>>, ValidationProblem, ProblemHttpResult> Replay(
        HttpContext context, UploadIdempotencyKey earlier, string requestHash)
    {
        if (earlier.RequestHash != requestHash)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "Idempotency-Key reused with a different request.",
                detail: $"This {IdempotentUploads.HeaderName} was used at {earlier.CreatedAt:O} for other files. Use a new key for a new upload.");
        }

        context.Response.Headers[IdempotentUploads.ReplayedHeaderName] = "true";
        return TypedResults.Created(earlier.Location, IdempotentUploads.Body(earlier));
    }

    private static Created<IReadOnlyList<PhotoResponse>> Created(IReadOnlyList<Photo> photos) =>
        TypedResults.Created(LocationOf(photos), Body(photos));

    private static IReadOnlyList<PhotoResponse> Body(IReadOnlyList<Photo> photos) => [.. photos.Select(p => PhotoResponse.From(p, job: null))];

    private static string LocationOf(IReadOnlyList<Photo> photos) => photos.Count == 1 ? $"/api/photos/{photos[0].Id}" : "/api/photos";

    /// <summary>
    /// Reads between 1 and <paramref name="maxFiles"/> parts named <c>file</c> of a multipart request into memory,
    /// within the upload limits; or the problem that says what is wrong with the request.
    /// </summary>
    public static async Task<MultipartFiles> ReadFilesAsync(HttpContext context, PhotoOptions limits, int maxFiles, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(limits);
        var request = context.Request;
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType)
            || !mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            return Failed(TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "Unsupported request content type.",
                detail: $"Send multipart/form-data with parts named '{FilePartName}'."));
        }

        if (request.ContentLength > limits.MaxRequestBytes)
        {
            return Failed(TooLarge($"The request body exceeds {limits.MaxRequestBytes} bytes."));
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
            return Failed(TooLarge(ex.Message));
        }
        catch (InvalidDataException ex)
        {
            return Failed(TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed multipart body.", detail: ex.Message));
        }

        var parts = form.Files.GetFiles(FilePartName);
        if (parts.Count == 0 || parts.Count > maxFiles)
        {
            return Invalid(maxFiles == 1
                ? $"Send one part named '{FilePartName}'."
                : $"Send between 1 and {maxFiles} parts named '{FilePartName}'.");
        }

        if (parts.FirstOrDefault(p => p.Length > limits.MaxFileBytes) is { } oversized)
        {
            return Failed(TooLarge($"'{FileNames.Sanitize(oversized.FileName)}' exceeds {limits.MaxFileBytes} bytes."));
        }

        if (parts.FirstOrDefault(p => p.Length == 0) is { } empty)
        {
            return Invalid($"'{FileNames.Sanitize(empty.FileName)}' is empty.");
        }

        var files = new List<UploadedFile>(parts.Count);
        foreach (var part in parts)
        {
            using var buffer = new MemoryStream((int)part.Length);
            await part.CopyToAsync(buffer, cancellationToken);
            files.Add(new UploadedFile(part.FileName, buffer.ToArray()));
        }

        return new MultipartFiles(files, null, null);

        static MultipartFiles Failed(ProblemHttpResult problem) => new(null, null, problem);

        static MultipartFiles Invalid(string message) => new(null, TypedResults.ValidationProblem(new Dictionary<string, string[]>
        {
            [FilePartName] = [message],
        }), null);
    }

    private static ProblemHttpResult TooLarge(string detail) => TypedResults.Problem(
        statusCode: StatusCodes.Status413PayloadTooLarge,
        title: "The upload is too large.",
        detail: detail);
}

/// <summary>The files of a multipart request, or why it was refused (exactly one of the three is set).</summary>
internal sealed record MultipartFiles(IReadOnlyList<UploadedFile>? Files, ValidationProblem? Invalid, ProblemHttpResult? Problem);
