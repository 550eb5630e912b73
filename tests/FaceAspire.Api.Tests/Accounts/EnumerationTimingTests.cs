using System.Diagnostics;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Accounts;

/// <summary>BCrypt at cost 8 (about 20 ms a hash), so a skipped hash would stand out of the timing noise.</summary>
public sealed class TimedBcryptFactory(PostgresFixture postgres) : ApiFactory(postgres)
{
    protected override Dictionary<string, string?> Settings()
    {
        var settings = base.Settings();
        settings["Accounts:BcryptWorkFactor"] = "8";
        return settings;
    }
}

/// <summary>
/// Register and login take the same time whether or not the e-mail has an account. Samples of the two cases are
/// taken in alternation (so drift of the machine hits both alike) and their medians compared.
/// </summary>
public sealed class EnumerationTimingTests(TimedBcryptFactory factory) : ApiTest<TimedBcryptFactory>(factory), IClassFixture<TimedBcryptFactory>
{
    private const int Samples = 25;

    /// <param name="ownerNotified">
    /// True: every taken-address sample queues a notice to the owner (the interval has passed before each, its time cleared
    /// outside the stopwatch); false: within the interval, so no notice is queued. A new address always queues a welcome.
    /// </param>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Registering_a_taken_email_takes_as_long_as_a_new_one(bool ownerNotified)
    {
        var taken = await SignUpAsync();
        using var client = Factory.CreateApiClient();
        var (existing, fresh) = await MeasureAsync(
            () => client.PostAsJsonAsync("/api/auth/register", new { email = taken.Email, password = ApiFactory.GoodPassword }, Cancellation),
            () => client.PostAsJsonAsync("/api/auth/register", new { email = $"new-{Guid.NewGuid():N}@example.test", password = ApiFactory.GoodPassword }, Cancellation),
            HttpStatusCode.Accepted,
            beforeA: ownerNotified ? () => ForgetNoticeTimeAsync(taken.Email) : null);
        ShouldBeIndistinguishable(existing, fresh);
        await using var scope = Factory.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().AlertOutbox.CountAsync(a => a.Kind == AlertKinds.RegistrationAttempt, Cancellation))
            .ShouldBe(ownerNotified ? Samples + 1 : 1, "the samples did what they claim");
    }

    [Fact]
    public async Task Signing_in_to_an_unknown_email_takes_as_long_as_a_wrong_password()
    {
        var known = await SignUpAsync();
        using var client = Factory.CreateApiClient();
        var (existing, unknown) = await MeasureAsync(
            () => client.PostAsJsonAsync("/api/auth/login", new { email = known.Email, password = "wrong guess" }, Cancellation),
            () => client.PostAsJsonAsync("/api/auth/login", new { email = "nobody@example.test", password = "wrong guess" }, Cancellation),
            HttpStatusCode.Unauthorized);
        ShouldBeIndistinguishable(existing, unknown);
    }

    private async Task ForgetNoticeTimeAsync(string email)
    {
        await using var scope = Factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>().Users.Where(u => u.Email == email)
            .ExecuteUpdateAsync(set => set.SetProperty(u => u.RegistrationNoticeAt, (DateTimeOffset?)null), Cancellation);
    }

    private static async Task<(List<double> A, List<double> B)> MeasureAsync(
        Func<Task<HttpResponseMessage>> a, Func<Task<HttpResponseMessage>> b, HttpStatusCode expected, Func<Task>? beforeA = null)
    {
        // Warm-up: JIT, connection pool and query plans, outside the samples.
        await a();
        await b();
        var (timesA, timesB) = (new List<double>(), new List<double>());
        for (var i = 0; i < Samples; i++)
        {
            if (beforeA is not null)
            {
                await beforeA();
            }

            timesA.Add(await TimeAsync(a, expected));
            timesB.Add(await TimeAsync(b, expected));
        }

        return (timesA, timesB);
    }

    private static async Task<double> TimeAsync(Func<Task<HttpResponseMessage>> send, HttpStatusCode expected)
    {
        var watch = Stopwatch.StartNew();
        var response = await send();
        watch.Stop();
        response.StatusCode.ShouldBe(expected);
        return watch.Elapsed.TotalMilliseconds;
    }

    /// <summary>Medians within 25 % of each other (or 3 ms): a skipped BCrypt hash alone would double one of them.</summary>
    private static void ShouldBeIndistinguishable(List<double> a, List<double> b)
    {
        var (medianA, medianB) = (Median(a), Median(b));
        var tolerance = Math.Max(3, 0.25 * Math.Max(medianA, medianB));
        TestContext.Current.TestOutputHelper?.WriteLine($"medians {medianA:F1} ms and {medianB:F1} ms ({a.Count} samples each)");
        Math.Abs(medianA - medianB).ShouldBeLessThan(tolerance, $"medians {medianA:F1} ms and {medianB:F1} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
