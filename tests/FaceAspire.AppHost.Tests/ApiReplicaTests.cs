using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using FaceAspire.AppHost.Tests.Support;
using Npgsql;

namespace FaceAspire.AppHost.Tests;

/// <summary>
/// <c>FACEASPIRE_API_REPLICAS=2</c>: two API instances behind the one front end, each with its analysis worker on the
/// shared job table, and accounts, sessions and the sign-in throttle in PostgreSQL, valid on either.
/// </summary>
[Collection(AppHostCollection.Name)]
public sealed class ApiReplicaTests : IDisposable
{
    private const int Photos = 8;
    private readonly TempDirectory _temp = new();

    [Fact]
    public async Task Two_API_replicas_share_the_analyses_without_doing_one_twice_and_accept_each_others_sessions_and_throttle()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        await using var app = await TestAppHost.StartAsync(_temp.File("state"), "FACEASPIRE_API_REPLICAS=2");

        const string password = "replica journey passphrase";
        var user = await TestAppHost.SignedInClientAsync(app, "replicas@faceaspire.test", password);
        // One request each: the orchestrator's proxy spreads them over the replicas, and each wakes its own worker.
        var photoIds = new List<string>();
        for (var i = 0; i < Photos; i++)
        {
            photoIds.Add(await TestAppHost.UploadAsync(user, TestAppHost.FacelessJpeg(seed: i), $"photo-{i}.jpg"));
        }

        foreach (var photoId in photoIds)
        {
            (await TestAppHost.WaitForAnalysisAsync(user, photoId, TimeSpan.FromMinutes(3))).GetProperty("status").GetString().ShouldBe("succeeded");
        }

        await using (var db = new NpgsqlConnection(await app.GetConnectionStringAsync("facedb", cancellationToken)))
        {
            await db.OpenAsync(cancellationToken);
            await using var query = new NpgsqlCommand("""SELECT "CompletedBy", "Attempts" FROM analysis_jobs""", db);
            var jobs = new List<(string Instance, int Attempts)>();
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    jobs.Add((reader.GetString(0), reader.GetInt32(1)));
                }
            }

            jobs.Count.ShouldBe(Photos);
            jobs.ShouldAllBe(job => job.Attempts == 1, "a job was claimed more than once");
            jobs.Select(job => job.Instance).Distinct().Count().ShouldBe(2, $"the analyses were done by: {string.Join(", ", jobs.Select(j => j.Instance))}");
        }

        // The access token and the account work on every replica the proxy picks.
        for (var i = 0; i < 6; i++)
        {
            (await user.GetAsync(new Uri("/api/me", UriKind.Relative), cancellationToken)).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await TestAppHost.SignInAsync(app, "replicas@faceaspire.test", password)).Dispose();
        }

        // Wrong passwords are counted in the database, so the throttle holds whichever replica answers.
        var anonymous = app.CreateHttpClient("web");
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++)
        {
            var login = await anonymous.PostAsJsonAsync(new Uri("/api/auth/login", UriKind.Relative), new { email = "replicas@faceaspire.test", password = "not the passphrase" }, cancellationToken);
            answers.Add(login.StatusCode);
        }

        // Three free failures per account and address (Accounts:SignInThrottle:FreeFailures), then a growing delay.
        answers.Take(3).ShouldAllBe(status => status == HttpStatusCode.Unauthorized, string.Join(", ", answers));
        answers.Skip(3).ShouldAllBe(status => status == HttpStatusCode.TooManyRequests, string.Join(", ", answers));
    }

    public void Dispose() => _temp.Dispose();
}
