using System.Globalization;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FaceAspire.TestSupport;
using Npgsql;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>
/// The API as a real OS process, configured as the app host configures it but in Production, on its own database and
/// storage folder: killed with SIGKILL while its worker holds an analysis job, then started again on the same database
/// and storage. The job is claimed again once its lease has passed, and exactly one result comes out of it.
/// </summary>
public sealed class ApiProcessKillTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int MaxKillTries = 3;
    private static readonly TimeSpan LeaseDuration = TimeSpan.FromSeconds(3);
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"faceaspire-api-kill-{Guid.NewGuid():N}");
    private readonly string _database = $"facedb_kill_{Guid.NewGuid():N}";
    private readonly LockedLog _log = new();
    private readonly List<ApiProcess> _processes = [];
    private string _connectionString = string.Empty;

    private static CancellationToken Cancellation => TestContext.Current.CancellationToken;

    private string StorageRoot => Path.Combine(_root, "storage");

    public async ValueTask InitializeAsync()
    {
        await using (var connection = new NpgsqlConnection(postgres.ConnectionString))
        {
            await connection.OpenAsync(Cancellation);
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync(Cancellation);
        }

        _connectionString = new NpgsqlConnectionStringBuilder(postgres.ConnectionString) { Database = _database, Pooling = false }.ConnectionString;
        Directory.CreateDirectory(_root);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            foreach (var process in _processes)
            {
                await process.DisposeAsync();
            }

            _processes.Clear();
            await using var connection = new NpgsqlConnection(postgres.ConnectionString);
            await connection.OpenAsync(CancellationToken.None);
            await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            await drop.ExecuteNonQueryAsync(CancellationToken.None);
        }
        finally
        {
            if (Directory.Exists(_root))
            {
                Directory.Delete(_root, recursive: true);
            }
        }
    }

    [Fact]
    public async Task An_api_killed_with_sigkill_mid_analysis_loses_nothing_and_its_job_is_retried_into_exactly_one_result()
    {
        var url = new Uri($"http://127.0.0.1:{LocalPostgresServer.FreeTcpPort()}");
        var environment = ApiEnvironment();
        (await ApiProcess.RunCommandAsync("migrations", ["migrate"], environment, _log.Output)).ShouldBe(0, _log.Text);

        var api = await StartAsync("api-1", url, environment);
        var email = $"kill-{Guid.NewGuid():N}@example.test";
        string token;
        using (var anonymous = Client(url, token: null))
        {
            (await anonymous.PostAsJsonAsync("/api/auth/register", new { email, password = ApiFactory.GoodPassword }, Cancellation))
                .StatusCode.ShouldBe(HttpStatusCode.Accepted, _log.Text);
            token = await anonymous.LoginAsync(email, ApiFactory.GoodPassword);
        }

        // Upload, wait until the worker holds the job, SIGKILL. Should the job finish between seeing it claimed and the
        // kill, the kill missed: a fresh process (whose engine loads its models inside the claim again) gets a fresh upload.
        var photoId = Guid.Empty;
        var firstLeaseUntil = DateTimeOffset.MinValue;
        var missed = new List<string>();
        for (var attempt = 1; photoId == Guid.Empty; attempt++)
        {
            attempt.ShouldBeLessThanOrEqualTo(MaxKillTries, $"The kill never landed while a job was claimed: {string.Join("; ", missed)}\n{_log.Text}");
            api ??= await StartAsync($"api-1.{attempt}", url, environment);
            PhotoBody photo;
            using (var client = Client(url, token))
            {
                photo = await client.UploadPhotoAsync(TestImages.SampleFace(1));
            }

            var seen = await WaitForJobAsync(photo.Id, status => status != "pending");
            var exitCode = await api.KillAsync();
            api = null;
            if (!OperatingSystem.IsWindows())
            {
                exitCode.ShouldBe(128 + 9, "The API process did not die of SIGKILL.");
            }

            var afterKill = await JobAsync(photo.Id);
            if (seen.Status == "running" && afterKill is { Status: "running", Attempts: 1, LeaseUntil: not null })
            {
                photoId = photo.Id;
                firstLeaseUntil = afterKill.LeaseUntil.Value;
            }
            else
            {
                missed.Add($"photo {photo.Id} was {afterKill.Status} after the kill");
            }
        }

        // A new process on the same database and storage: nothing claims the job before its lease has passed; then it is
        // claimed again and completed once.
        var killedAt = DateTimeOffset.UtcNow;
        await StartAsync("api-2", url, environment);
        using var user = Client(url, token);
        var analysis = await user.WaitForAnalysisAsync(photoId, timeoutSeconds: 90);
        (analysis.Status, analysis.Attempts, analysis.Error).ShouldBe(("succeeded", 2, (string?)null), _log.Text);
        analysis.CompletedAt.ShouldNotBeNull().ShouldBeGreaterThan(killedAt);
        analysis.Faces.Count.ShouldBeGreaterThan(1, "The sample group photo has several faces.");

        var job = await JobAsync(photoId);
        (job.Status, job.Attempts, job.LeaseUntil, job.FaceCount).ShouldBe(("succeeded", 2, (DateTimeOffset?)null, (int?)analysis.Faces.Count));
        job.StartedAt.ShouldNotBeNull().ShouldBeGreaterThanOrEqualTo(firstLeaseUntil, "The job was claimed again only after the dead worker's lease had passed.");

        // The per-face rows of exactly one result: one row per face, indexes 0..n-1, one engine version, the ones served.
        var faces = await FacesAsync(photoId);
        faces.Select(f => f.Index).ShouldBe(Enumerable.Range(0, analysis.Faces.Count));
        faces.Select(f => f.EngineVersion).Distinct().ShouldBe([analysis.EngineVersion]);
        faces.Select(f => f.Id).ShouldBe(analysis.Faces.Select(f => f.Id), ignoreOrder: true);

        // One results object for the photo, holding those faces.
        var results = Directory.GetFiles(Path.Combine(StorageRoot, "results", photoId.ToString("N")), "*", SearchOption.AllDirectories);
        results.Length.ShouldBe(1, string.Join(", ", results));
        using (var stored = JsonDocument.Parse(await File.ReadAllBytesAsync(results[0], Cancellation)))
        {
            stored.RootElement.GetProperty("FaceDetails").GetArrayLength().ShouldBe(analysis.Faces.Count);
        }

        using (var served = JsonDocument.Parse(await user.GetStringAsync($"/api/photos/{photoId}/analysis/result.json", Cancellation)))
        {
            served.RootElement.GetProperty("FaceDetails").GetArrayLength().ShouldBe(analysis.Faces.Count);
        }

        // The restart lost nothing: the token issued before the kill still works (same configured signing key), the
        // photo is listed and served, and the password still signs in.
        using (var me = JsonDocument.Parse(await user.GetStringAsync("/api/me", Cancellation)))
        {
            me.RootElement.GetProperty("email").GetString().ShouldBe(email);
        }

        var listed = (await user.GetFromJsonAsync<PageBody<PhotoBody>>("/api/photos", Cancellation))!.Items.Single(p => p.Id == photoId);
        (listed.AnalysisStatus, listed.FaceCount).ShouldBe(("succeeded", (int?)analysis.Faces.Count));
        using (var content = await user.GetAsync($"/api/photos/{photoId}/content", Cancellation))
        {
            content.StatusCode.ShouldBe(HttpStatusCode.OK);
            content.Content.Headers.ContentType?.MediaType.ShouldBe("image/jpeg");
            (await content.Content.ReadAsByteArrayAsync(Cancellation)).Length.ShouldBeGreaterThan(1000);
        }

        using var again = Client(url, token: null);
        (await again.LoginAsync(email, ApiFactory.GoodPassword)).ShouldNotBeNullOrEmpty();
    }

    /// <summary>What the app host sets for the API (connection string, its one signing key, local storage), in Production.</summary>
    private Dictionary<string, string> ApiEnvironment() => new(StringComparer.Ordinal)
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["DOTNET_ENVIRONMENT"] = "Production",
        ["OTEL_SERVICE_NAME"] = "api",
        ["ConnectionStrings__facedb"] = _connectionString,
        ["Jwt__SigningKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Storage__Provider"] = "Local",
        ["Storage__Local__RootPath"] = StorageRoot,
        ["Analysis__Workers"] = "1",
        ["Analysis__LeaseDuration"] = LeaseDuration.ToString("c", CultureInfo.InvariantCulture),
        // The restarted worker looks again soon after the lease has passed.
        ["Analysis__PollInterval"] = "00:00:00.250",
        ["Analysis__ModelCachePath"] = ApiFactory.ModelCache,
    };

    private async Task<ApiProcess> StartAsync(string name, Uri url, Dictionary<string, string> environment)
    {
        var api = await ApiProcess.StartAsync(name, url, environment, _log.Output);
        _processes.Add(api);
        return api;
    }

    private static HttpClient Client(Uri url, string? token)
    {
        var client = new HttpClient { BaseAddress = url };
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return client;
    }

    /// <summary>Polls the job row until <paramref name="done"/> holds for its status.</summary>
    private async Task<JobRow> WaitForJobAsync(Guid photoId, Func<string, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            var job = await JobAsync(photoId);
            if (done(job.Status))
            {
                return job;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"The job of {photoId} stayed {job.Status}.\n{_log.Text}");
            await Task.Delay(10, Cancellation);
        }
    }

    private async Task<JobRow> JobAsync(Guid photoId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Cancellation);
        await using var query = new NpgsqlCommand(
            """
            SELECT "Status", "Attempts", "LeaseUntil", "FaceCount", "StartedAt"
            FROM analysis_jobs WHERE "PhotoId" = @id
            """,
            connection);
        query.Parameters.AddWithValue("id", photoId);
        await using var reader = await query.ExecuteReaderAsync(Cancellation);
        (await reader.ReadAsync(Cancellation)).ShouldBeTrue($"The photo {photoId} has no analysis job.");
        var row = new JobRow(
            reader.GetString(0),
            reader.GetInt32(1),
            await reader.IsDBNullAsync(2, Cancellation) ? null : reader.GetFieldValue<DateTimeOffset>(2),
            await reader.IsDBNullAsync(3, Cancellation) ? null : reader.GetInt32(3),
            await reader.IsDBNullAsync(4, Cancellation) ? null : reader.GetFieldValue<DateTimeOffset>(4));
        (await reader.ReadAsync(Cancellation)).ShouldBeFalse("A photo has one analysis job.");
        return row;
    }

    private async Task<List<FaceRow>> FacesAsync(Guid photoId)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(Cancellation);
        await using var query = new NpgsqlCommand(
            """SELECT "Id", "FaceIndex", "EngineVersion" FROM photo_faces WHERE "PhotoId" = @id ORDER BY "FaceIndex" """, connection);
        query.Parameters.AddWithValue("id", photoId);
        await using var reader = await query.ExecuteReaderAsync(Cancellation);
        var faces = new List<FaceRow>();
        while (await reader.ReadAsync(Cancellation))
        {
            faces.Add(new FaceRow(reader.GetGuid(0), reader.GetInt32(1), reader.GetString(2)));
        }

        return faces;
    }

    private sealed record JobRow(string Status, int Attempts, DateTimeOffset? LeaseUntil, int? FaceCount, DateTimeOffset? StartedAt);

    private sealed record FaceRow(Guid Id, int Index, string EngineVersion);

    /// <summary>The processes' output, written from their output threads and read for failure messages.</summary>
    private sealed class LockedLog : TextWriter
    {
        private readonly StringBuilder _text = new();

        public LockedLog() => Output = new PrefixedOutput(this);

        public PrefixedOutput Output { get; }

        public override Encoding Encoding => Encoding.UTF8;

        public string Text
        {
            get
            {
                lock (_text)
                {
                    return _text.ToString();
                }
            }
        }

        public override void Write(char value)
        {
            lock (_text)
            {
                _text.Append(value);
            }
        }

        public override void WriteLine(string? value)
        {
            lock (_text)
            {
                _text.AppendLine(value);
            }
        }
    }
}
