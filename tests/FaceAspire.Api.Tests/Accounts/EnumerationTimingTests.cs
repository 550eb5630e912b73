using System.Diagnostics;

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

    [Fact]
    public async Task Registering_a_taken_email_takes_as_long_as_a_new_one()
    {
        var taken = await SignUpAsync();
        using var client = Factory.CreateApiClient();
        var (existing, fresh) = await MeasureAsync(
            () => client.PostAsJsonAsync("/api/auth/register", new { email = taken.Email, password = ApiFactory.GoodPassword }, Cancellation),
            () => client.PostAsJsonAsync("/api/auth/register", new { email = $"new-{Guid.NewGuid():N}@example.test", password = ApiFactory.GoodPassword }, Cancellation),
            HttpStatusCode.Accepted);
        ShouldBeIndistinguishable(existing, fresh);
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

    private static async Task<(List<double> A, List<double> B)> MeasureAsync(
        Func<Task<HttpResponseMessage>> a, Func<Task<HttpResponseMessage>> b, HttpStatusCode expected)
    {
        // Warm-up: JIT, connection pool and query plans, outside the samples.
        await a();
        await b();
        var (timesA, timesB) = (new List<double>(), new List<double>());
        for (var i = 0; i < Samples; i++)
        {
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
        Math.Abs(medianA - medianB).ShouldBeLessThan(tolerance, $"medians {medianA:F1} ms and {medianB:F1} ms");
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return (sorted[(sorted.Count - 1) / 2] + sorted[sorted.Count / 2]) / 2;
    }
}
