using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace FaceAspire.Api.Tests.Photos;

/// <summary>The API on a clock the tests move; upload keys are remembered for ten minutes.</summary>
public sealed class IdempotencyClockFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);

    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Photos:IdempotencyKeyLifetime"] = "00:10:00";
        return settings;
    }
}

/// <summary>An upload retried with its <c>Idempotency-Key</c> (the answer was lost) stores nothing twice.</summary>
public sealed class IdempotentUploadTests(IdempotencyClockFactory factory) : ApiTest<IdempotencyClockFactory>(factory), IClassFixture<IdempotencyClockFactory>
{
    [Fact]
    public async Task A_retried_upload_with_the_same_key_returns_the_first_answer_and_stores_one_photo()
    {
        var user = await SignUpAsync();
        var key = Guid.NewGuid().ToString();
        var image = TestImages.Jpeg();

        var first = await UploadAsync(user.Http, key, ("a.jpg", image));
        first.StatusCode.ShouldBe(HttpStatusCode.Created);
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        var retried = await UploadAsync(user.Http, key, ("a.jpg", image));
        retried.StatusCode.ShouldBe(HttpStatusCode.Created);
        retried.Headers.GetValues("Idempotent-Replayed").Single().ShouldBe("true");

        retried.Headers.Location.ShouldBe(first.Headers.Location);
        (await retried.Content.ReadAsStringAsync(Cancellation)).ShouldBe(await first.Content.ReadAsStringAsync(Cancellation));
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(1);
        (await Factory.StoredKeysAsync()).Count.ShouldBe(3);

        // Without a key the same file is a new photo, as before.
        (await user.Http.UploadAsync(image)).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_retries_with_one_key_store_one_upload_and_all_get_its_answer()
    {
        var user = await SignUpAsync();
        var key = Guid.NewGuid().ToString();
        var image = TestImages.Jpeg();

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => UploadAsync(user.Http, key, ("a.jpg", image), ("b.png", TestImages.Png()))));

        answers.ShouldAllBe(a => a.StatusCode == HttpStatusCode.Created);
        var bodies = await Task.WhenAll(answers.Select(a => a.Content.ReadFromJsonAsync<PhotoBody[]>(Cancellation)));
        bodies.Select(b => string.Join(",", b!.Select(p => p.Id))).Distinct().Count().ShouldBe(1);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(2);
        (await Factory.StoredKeysAsync()).Count.ShouldBe(6);
    }

    [Fact]
    public async Task The_same_key_with_other_files_is_422_and_stores_nothing()
    {
        var user = await SignUpAsync();
        var key = Guid.NewGuid().ToString();
        (await UploadAsync(user.Http, key, ("a.jpg", TestImages.Jpeg()))).StatusCode.ShouldBe(HttpStatusCode.Created);

        var other = await UploadAsync(user.Http, key, ("a.jpg", TestImages.Jpeg(320, 240)));
        other.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await other.ProblemAsync()).Title.ShouldBe("Idempotency-Key reused with a different request.");
        (await UploadAsync(user.Http, key, ("renamed.jpg", TestImages.Jpeg()))).StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(1);
    }

    [Fact]
    public async Task A_key_that_is_not_visible_ascii_or_too_long_is_400()
    {
        var user = await SignUpAsync();
        foreach (var bad in new[] { new string('k', 201), "two words" })
        {
            var answer = await UploadAsync(user.Http, bad, ("a.jpg", TestImages.Jpeg()));
            answer.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
            (await answer.ProblemAsync()).Errors!.ShouldContainKey("Idempotency-Key");
        }

        (await user.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(0);
    }

    internal static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string key, params (string Name, byte[] Bytes)[] files)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/photos")
        {
            Content = Uploads.Form([.. files.Select(f => (f.Name, f.Bytes, f.Name.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg"))]),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);
        return await client.SendAsync(request, Cancellation);
    }
}

/// <summary>
/// Keys expiring, on a factory of its own: moving the clock here would make the access tokens other tests are issued
/// lie in the future for the token validation, which reads the real clock.
/// </summary>
public sealed class IdempotencyKeyLifetimeTests(IdempotencyClockFactory factory) : ApiTest<IdempotencyClockFactory>(factory), IClassFixture<IdempotencyClockFactory>
{
    [Fact]
    public async Task Keys_belong_to_one_user_and_expire_after_the_configured_lifetime()
    {
        var alice = await SignUpAsync();
        var bob = await SignUpAsync();
        var key = Guid.NewGuid().ToString();
        var image = TestImages.Jpeg();
        var first = await (await IdempotentUploadTests.UploadAsync(alice.Http, key, ("a.jpg", image))).Content.ReadFromJsonAsync<PhotoBody[]>(Cancellation);

        // Bob's upload with Alice's key is his own upload: a new photo, and nothing of Alice's comes back.
        var bobs = await IdempotentUploadTests.UploadAsync(bob.Http, key, ("a.jpg", image));
        bobs.StatusCode.ShouldBe(HttpStatusCode.Created);
        bobs.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await bobs.Content.ReadFromJsonAsync<PhotoBody[]>(Cancellation))!.Single().Id.ShouldNotBe(first!.Single().Id);

        Factory.Clock.Advance(TimeSpan.FromMinutes(9));
        (await IdempotentUploadTests.UploadAsync(alice.Http, key, ("a.jpg", image))).Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
        Factory.Clock.Advance(TimeSpan.FromMinutes(2));
        var after = await IdempotentUploadTests.UploadAsync(alice.Http, key, ("a.jpg", image));
        after.StatusCode.ShouldBe(HttpStatusCode.Created);
        after.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await alice.Http.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.TotalCount.ShouldBe(2);
    }
}
