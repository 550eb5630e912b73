using System.Net.Http.Headers;

namespace FaceAspire.Api.Tests.Support;

/// <summary>Multipart uploads to <c>POST /api/photos</c>.</summary>
public static class Uploads
{
    public static MultipartFormDataContent Form(params (string Name, byte[] Bytes, string ContentType)[] files)
    {
        var form = new MultipartFormDataContent();
        foreach (var (name, bytes, contentType) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, "file", name);
        }

        return form;
    }

    public static Task<HttpResponseMessage> UploadAsync(this HttpClient client, byte[] bytes, string name = "photo.jpg", string contentType = "image/jpeg") =>
        client.PostAsync("/api/photos", Form((name, bytes, contentType)), TestContext.Current.CancellationToken);

    /// <summary>Uploads one photo and returns its description, failing the test unless it was created.</summary>
    public static async Task<PhotoBody> UploadPhotoAsync(this HttpClient client, byte[] bytes, string name = "photo.jpg", string contentType = "image/jpeg")
    {
        var response = await client.UploadAsync(bytes, name, contentType);
        response.StatusCode.ShouldBe(HttpStatusCode.Created, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (await response.Content.ReadFromJsonAsync<PhotoBody[]>(TestContext.Current.CancellationToken))!.Single();
    }
}

public sealed record PhotoBody(
    Guid Id, string FileName, string ContentType, int Width, int Height, long SizeBytes, DateTimeOffset CreatedAt,
    string ContentUrl, string ThumbnailUrl, string? AnalysisStatus = null, int? FaceCount = null);

public sealed record PageBody<T>(List<T> Items, int Page, int PageSize, int TotalCount);
