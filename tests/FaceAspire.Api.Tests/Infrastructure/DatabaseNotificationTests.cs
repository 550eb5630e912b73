using Npgsql;

namespace FaceAspire.Api.Tests.Infrastructure;

/// <summary>
/// Two API instances on one database, as behind the load balancer: PostgreSQL notifications carry ended sessions and
/// queued analyses from one instance to the other, so a session check the other instance remembered stops at once and
/// a photo uploaded through one instance is analysed by the other's idle worker without waiting for its poll.
/// </summary>
public sealed class DatabaseNotificationTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    private static readonly TimeSpan Propagation = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task A_password_change_on_one_instance_ends_the_other_sessions_on_every_instance()
    {
        await using var peer = await StartPeerAsync();
        var user = await SignUpAsync();
        using var otherDevice = Factory.CreateApiClient();
        var otherToken = await otherDevice.LoginAsync(user.Email, ApiFactory.GoodPassword);
        using var onPeer = WithToken(peer, otherToken);
        (await onPeer.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var change = await user.Http.PostAsJsonAsync(
            "/api/auth/change-password", new { currentPassword = ApiFactory.GoodPassword, newPassword = "another long passphrase 99" }, Cancellation);
        change.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await EventuallyUnauthorizedAsync(onPeer);
        // The session that changed the password lives on, on both instances.
        using var currentOnPeer = WithToken(peer, user.AccessToken);
        (await currentOnPeer.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Deleting_the_account_on_one_instance_ends_its_sessions_on_every_instance()
    {
        await using var peer = await StartPeerAsync();
        var user = await SignUpAsync();
        using var onPeer = WithToken(peer, user.AccessToken);
        (await onPeer.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        var deletion = await user.Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Delete, "/api/me") { Content = JsonContent.Create(new { password = ApiFactory.GoodPassword }) }, Cancellation);
        deletion.StatusCode.ShouldBe(HttpStatusCode.NoContent);

        // Until the notification reaches the peer, its remembered session check still passes and /api/me finds no
        // account (404); then the session itself is refused.
        await EventuallyUnauthorizedAsync(onPeer, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_session_revoked_in_the_database_by_hand_is_refused_by_instances_that_had_accepted_it()
    {
        await using var peer = await StartPeerAsync();
        var user = await SignUpAsync();
        using var onPeer = WithToken(peer, user.AccessToken);
        (await onPeer.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await user.Http.GetAsync("/api/me", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.OK);

        await using (var connection = new NpgsqlConnection(Factory.Postgres.ConnectionString))
        {
            await connection.OpenAsync(Cancellation);
            await using var revoke = new NpgsqlCommand("""UPDATE refresh_tokens SET "RevokedAt" = now() WHERE "RevokedAt" IS NULL""", connection);
            (await revoke.ExecuteNonQueryAsync(Cancellation)).ShouldBe(1);
        }

        await EventuallyUnauthorizedAsync(onPeer);
        await EventuallyUnauthorizedAsync(user.Http);
    }

    [Fact]
    public async Task A_photo_uploaded_through_one_instance_is_analysed_at_once_by_another_instances_idle_worker()
    {
        // The peer's worker would look for work only every five minutes; the instance taking the upload has none.
        await using var peer = await StartPeerAsync(workers: 1);
        await Task.Delay(TimeSpan.FromSeconds(1), Cancellation); // its worker's first pass, at start, is over
        var user = await SignUpAsync();

        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var analysis = await user.Http.WaitForAnalysisAsync(photo.Id, timeoutSeconds: 60);

        analysis.Status.ShouldBe("succeeded");
        await using var connection = new NpgsqlConnection(Factory.Postgres.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var query = new NpgsqlCommand("""SELECT "StartedAt" - "RequestedAt" FROM analysis_jobs""", connection);
        var waited = (TimeSpan)(await query.ExecuteScalarAsync(Cancellation))!;
        waited.ShouldBeLessThan(TimeSpan.FromSeconds(30), "the job waited for a poll instead of being announced");
    }

    [Fact]
    public async Task A_request_waiting_on_one_instance_is_answered_as_soon_as_another_instance_finishes_the_analysis()
    {
        // This instance runs no workers; the peer's worker takes the job. The request waits here, on this instance.
        await using var peer = await StartPeerAsync(workers: 1);
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());

        var response = await user.Http.GetAsync($"/api/photos/{photo.Id}/analysis?wait=20", Cancellation);
        var answered = DateTimeOffset.UtcNow;

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var analysis = (await response.Content.ReadFromJsonAsync<AnalysisBody>(Cancellation))!;
        analysis.Status.ShouldBe("succeeded");
        // Without the notification the request would read the analysis again only every AnalysisResultSignal.RecheckInterval (5 s).
        (answered - analysis.CompletedAt!.Value).ShouldBeLessThan(TimeSpan.FromSeconds(1.5), "the waiting request was not woken by the other instance's result");
    }

    [Fact]
    public async Task A_wait_for_an_analysis_no_worker_runs_ends_after_its_seconds_with_the_pending_state()
    {
        var user = await SignUpAsync();
        var photo = await user.Http.UploadPhotoAsync(TestImages.Jpeg());
        var started = DateTimeOffset.UtcNow;

        var analysis = (await user.Http.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photo.Id}/analysis?wait=1", Cancellation))!;

        analysis.Status.ShouldBe("pending");
        (DateTimeOffset.UtcNow - started).ShouldBeInRange(TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Waits_out_of_range_are_refused_and_another_users_photo_is_not_found_without_waiting()
    {
        var owner = await SignUpAsync();
        var stranger = await SignUpAsync();
        var photo = await owner.Http.UploadPhotoAsync(TestImages.Jpeg());

        foreach (var wait in new[] { "21", "-1", "soon" })
        {
            (await owner.Http.GetAsync($"/api/photos/{photo.Id}/analysis?wait={wait}", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.BadRequest, wait);
        }

        var started = DateTimeOffset.UtcNow;
        (await stranger.Http.GetAsync($"/api/photos/{photo.Id}/analysis?wait=20", Cancellation)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (DateTimeOffset.UtcNow - started).ShouldBeLessThan(TimeSpan.FromSeconds(3));
    }

    /// <summary>A second instance with this one's signing key and object store; both listen before it is returned.</summary>
    private async Task<PeerApiFactory> StartPeerAsync(int workers = 0)
    {
        var peer = new PeerApiFactory(Factory, workers);
        _ = peer.Services;
        var deadline = DateTimeOffset.UtcNow + TimeSpan.FromSeconds(30);
        while (await ListeningConnectionsAsync() < 2)
        {
            DateTimeOffset.UtcNow.ShouldBeLessThan(deadline, "both instances should listen to database notifications");
            await Task.Delay(50, Cancellation);
        }

        return peer;
    }

    private async Task<long> ListeningConnectionsAsync()
    {
        await using var connection = new NpgsqlConnection(Factory.Postgres.ConnectionString);
        await connection.OpenAsync(Cancellation);
        await using var query = new NpgsqlCommand(
            "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'faceaspire-notifications' AND query LIKE 'LISTEN%'", connection);
        return (long)(await query.ExecuteScalarAsync(Cancellation))!;
    }

    private static HttpClient WithToken(ApiFactory instance, string token)
    {
        var client = instance.CreateApiClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token);
        return client;
    }

    /// <summary>Polls <c>/api/me</c> until it is 401, allowing 200 (or <paramref name="meanwhile"/>) until then.</summary>
    private static async Task EventuallyUnauthorizedAsync(HttpClient client, HttpStatusCode meanwhile = HttpStatusCode.OK)
    {
        var deadline = DateTimeOffset.UtcNow + Propagation;
        while (true)
        {
            var status = (await client.GetAsync("/api/me", Cancellation)).StatusCode;
            if (status == HttpStatusCode.Unauthorized)
            {
                return;
            }

            status.ShouldBeOneOf(HttpStatusCode.OK, meanwhile);
            DateTimeOffset.UtcNow.ShouldBeLessThan(deadline, "the ended session was still accepted");
            await Task.Delay(20, Cancellation);
        }
    }

    private sealed class PeerApiFactory(ApiFactory first, int workers) : ApiFactory(first.Postgres)
    {
        protected override Dictionary<string, string?> Settings()
        {
            var settings = base.Settings();
            settings["Jwt:SigningKey"] = first.SigningKey;
            settings["Storage:Local:RootPath"] = first.StorageRoot;
            settings["Analysis:Workers"] = workers.ToString(System.Globalization.CultureInfo.InvariantCulture);
            settings["Analysis:PollInterval"] = "00:05:00";
            return settings;
        }
    }
}
