using System.Text;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Photos;

public sealed class PhotoTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task A_real_photo_is_stored_listed_and_served_without_metadata()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.SampleFace(1), "C:\\fakepath\\holiday.jpg");
        photo.FileName.ShouldBe("holiday.jpg");
        photo.ContentType.ShouldBe("image/jpeg");
        photo.Width.ShouldBeGreaterThan(0);

        var list = await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation);
        list!.TotalCount.ShouldBe(1);
        list.Items.Single().Id.ShouldBe(photo.Id);

        var content = await user.Http.GetAsync(photo.ContentUrl, Cancellation);
        content.StatusCode.ShouldBe(HttpStatusCode.OK);
        content.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
        var thumbnail = await user.Http.GetByteArrayAsync(photo.ThumbnailUrl, Cancellation);
        thumbnail.Length.ShouldBeLessThan((await content.Content.ReadAsByteArrayAsync(Cancellation)).Length);

        (await Factory.StoredKeysAsync()).Count(k => k.StartsWith("photos/", StringComparison.Ordinal)).ShouldBe(3);
    }

    [Fact]
    public async Task The_list_pages_newest_first_and_every_page_counts_all_the_photos_also_past_the_end()
    {
        var user = await SignUpAsync();
        var ids = new List<Guid>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add((await user.Http.UploadPhotoAsync(TestImages.Png(64 + i, 48), $"photo-{i}.png", "image/png")).Id);
        }

        async Task<PageBody<PhotoBody>> Page(int page) =>
            (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>($"/api/photos?page={page}&pageSize=2", Cancellation))!;

        var first = await Page(1);
        var second = await Page(2);
        var past = await Page(3);
        first.Items.Select(p => p.Id).ShouldBe([ids[2], ids[1]]);
        second.Items.Select(p => p.Id).ShouldBe([ids[0]]);
        past.Items.ShouldBeEmpty();
        new[] { first, second, past }.ShouldAllBe(p => p.TotalCount == 3 && p.PageSize == 2);
    }

    [Fact]
    public async Task Exif_orientation_is_applied_and_no_metadata_survives_in_what_is_served()
    {
        var user = await SignUpAsync();
        var upload = TestImages.JpegWithExif(640, 480, orientation: 6);
        Encoding.ASCII.GetString(upload).ShouldContain(TestImages.GpsMarker);

        var photo = await user.Http.UploadPhotoAsync(upload, "rotated.jpg");
        (photo.Width, photo.Height).ShouldBe((480, 640));

        foreach (var url in new[] { photo.ContentUrl, photo.ThumbnailUrl })
        {
            var served = await user.Http.GetByteArrayAsync(url, Cancellation);
            var text = Encoding.ASCII.GetString(served);
            text.ShouldNotContain(TestImages.GpsMarker);
            text.ShouldNotContain("Exif\0\0");
            using var bitmap = SkiaSharp.SKBitmap.Decode(served);
            (bitmap.Width > bitmap.Height).ShouldBeFalse($"{url} is {bitmap.Width}x{bitmap.Height}, not upright");
        }
    }

    [Fact]
    public async Task An_upright_jpeg_is_served_as_its_own_compressed_data_without_metadata()
    {
        var user = await SignUpAsync();
        var upload = TestImages.JpegWithExif(640, 480, orientation: 1);
        Encoding.ASCII.GetString(upload).ShouldContain(TestImages.GpsMarker);

        var photo = await user.Http.UploadPhotoAsync(upload, "upright.jpg");
        (photo.Width, photo.Height).ShouldBe((640, 480));

        var served = await user.Http.GetByteArrayAsync(photo.ContentUrl, Cancellation);
        var text = Encoding.ASCII.GetString(served);
        text.ShouldNotContain(TestImages.GpsMarker);
        text.ShouldNotContain("Exif\0\0");
        // Not re-encoded: the EXIF segment is all that went, and the pixels are the upload's to the last bit.
        served.Length.ShouldBeLessThan(upload.Length);
        upload.Length.ShouldBeLessThan(served.Length + 200);
        FaceAspire.Vision.Imaging.ImageDecoder.Decode(served).Pixels.ShouldBe(FaceAspire.Vision.Imaging.ImageDecoder.Decode(upload).Pixels);
    }

    [Theory]
    [InlineData("image/png")]
    [InlineData("image/webp")]
    public async Task Png_and_webp_are_accepted_and_served_as_jpeg(string contentType)
    {
        var user = await SignUpAsync();
        var bytes = contentType == "image/png" ? TestImages.Png(320, 200) : TestImages.WebP(320, 200);
        var photo = await user.Http.UploadPhotoAsync(bytes, contentType == "image/png" ? "drawing.png" : "drawing.webp", contentType);
        (photo.ContentType, photo.Width, photo.Height).ShouldBe((contentType, 320, 200));
        var content = await user.Http.GetAsync(photo.ContentUrl, Cancellation);
        content.Content.Headers.ContentType!.MediaType.ShouldBe("image/jpeg");
    }

    public static TheoryData<string, byte[], string, int> BadFiles() => new()
    {
        { "empty.jpg", [], "image/jpeg", 400 },
        { "truncated.jpg", TestImages.Jpeg()[..2000], "image/jpeg", 422 },
        { "notes.jpg", Encoding.UTF8.GetBytes("just some text, not a picture at all"), "image/jpeg", 415 },
        { "drawing.svg", Encoding.UTF8.GetBytes("<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>"), "image/svg+xml", 415 },
        { "bomb.png", TestImages.PngDeclaring(100_000, 100_000), "image/png", 422 },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public async Task A_bad_file_is_a_problem_and_nothing_is_stored(string name, byte[] bytes, string contentType, int status)
    {
        var user = await SignUpAsync();
        var response = await user.Http.UploadAsync(bytes, name, contentType);
        ((int)response.StatusCode).ShouldBe(status);
        (await response.ProblemAsync()).Status.ShouldBe(status);
        await ShouldBeEmptyAsync();
    }

    [Fact]
    public async Task One_bad_file_among_good_ones_stores_none_of_them()
    {
        var user = await SignUpAsync();
        var form = Uploads.Form(("a.jpg", TestImages.Jpeg(), "image/jpeg"), ("b.jpg", TestImages.Jpeg()[..1500], "image/jpeg"));
        var response = await user.Http.PostAsync("/api/photos", form, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await response.ProblemAsync()).Detail!.ShouldContain("b.jpg");
        await ShouldBeEmptyAsync();
    }

    [Fact]
    public async Task A_file_over_the_limit_is_413()
    {
        var user = await SignUpAsync();
        var response = await user.Http.UploadAsync(new byte[(15 * 1024 * 1024) + 1]);
        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await response.ProblemAsync()).Status.ShouldBe(413);
        await ShouldBeEmptyAsync();
    }

    [Fact]
    public async Task A_body_that_is_not_multipart_is_415()
    {
        var user = await SignUpAsync();
        using var body = new ByteArrayContent(TestImages.Jpeg());
        body.Headers.ContentType = new("image/jpeg");
        var response = await user.Http.PostAsync("/api/photos", body, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await response.ProblemAsync()).Status.ShouldBe(415);
        await ShouldBeEmptyAsync();
    }

    [Fact]
    public async Task A_multipart_body_without_a_file_part_is_400()
    {
        var user = await SignUpAsync();
        using var form = new MultipartFormDataContent { { new StringContent("hello"), "comment" } };
        var response = await user.Http.PostAsync("/api/photos", form, Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemAsync()).Errors!.ShouldContainKey("file");
        await ShouldBeEmptyAsync();
    }

    [Fact]
    public async Task Another_users_photo_is_404_on_every_verb()
    {
        var owner = await SignUpAsync();
        var photo = await owner.Http.UploadPhotoAsync(TestImages.Jpeg());
        var stranger = await SignUpAsync();

        (await stranger.Http.GetAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Http.GetAsync(photo.ContentUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Http.GetAsync(photo.ThumbnailUrl, Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await stranger.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(0);

        (await owner.Http.GetAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Anonymous_requests_are_401()
    {
        var client = Factory.CreateApiClient();
        (await client.GetAsync("/api/photos", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.UploadAsync(TestImages.Jpeg())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        await ShouldBeEmptyAsync();
    }

    [Fact]
    public async Task Delete_removes_the_row_and_every_object_at_once_and_leaves_no_pending_deletion()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        await Factory.Services.GetRequiredService<IObjectStore>()
            .PutAsync(ObjectKeys.Result(photo.Id, "faces-test"), "{\"FaceDetails\":[]}"u8.ToArray(), "application/json", Cancellation);
        (await Factory.StoredKeysAsync()).Count.ShouldBe(4);

        // The deletion service is off in this factory: everything must go during the request itself.
        (await user.Http.DeleteAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        (await user.Http.GetAsync($"/api/photos/{photo.Id}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        await ShouldBeEmptyAsync();
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().ObjectDeletions.CountAsync(Cancellation)).ShouldBe(0);
    }

    [Theory]
    [InlineData("page=0")]
    [InlineData("pageSize=101")]
    [InlineData("page=abc")]
    [InlineData("page=10001")]
    [InlineData("page=2147483647")]
    [InlineData("page=2147483647&pageSize=100")]
    [InlineData("page=99999999999")]
    [InlineData("pageSize=-1")]
    public async Task Bad_paging_is_a_400_problem(string query)
    {
        var user = await SignUpAsync();
        var response = await user.Http.GetAsync($"/api/photos?{query}", Cancellation);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.ProblemAsync()).Status.ShouldBe(400);
    }

    private async Task ShouldBeEmptyAsync()
    {
        (await Factory.StoredKeysAsync()).ShouldBeEmpty();
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Photos.CountAsync(Cancellation)).ShouldBe(0);
    }
}
