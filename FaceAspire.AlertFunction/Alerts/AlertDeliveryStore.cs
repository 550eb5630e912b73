using Npgsql;
using NpgsqlTypes;

namespace FaceAspire.AlertFunction.Alerts;

/// <summary>
/// The idempotency record of every alert, one row per alert id in <c>alert_deliveries</c>: a delivery
/// first takes a time-limited lease ("processing"), records each administrator it reached, then marks the
/// alert "sent". A crash after sending but before recording leaves the lease to expire, so the alert is
/// retried rather than lost. Times come from the database clock so that instances never disagree.
/// </summary>
public sealed class AlertDeliveryStore(NpgsqlDataSource dataSource)
{
    /// <summary>Name of the one table this function owns.</summary>
    public const string TableName = "alert_deliveries";

    /// <summary>Nonces of signed requests seen lately: a request whose nonce is here is a replay.</summary>
    public const string NonceTableName = "alert_request_nonces";

    // The advisory lock stops two instances starting at once from racing on the catalog.
    private const string SchemaSql = $$"""
        SELECT pg_advisory_xact_lock(4207202611);
        CREATE TABLE IF NOT EXISTS {{TableName}} (
            alert_id          uuid        PRIMARY KEY,
            status            text        NOT NULL CHECK (status IN ('processing', 'sent')),
            lease_token       uuid        NULL,
            lease_expires_at  timestamptz NULL,
            delivered_to      text[]      NOT NULL DEFAULT '{}',
            attempts          integer     NOT NULL DEFAULT 1,
            last_error        text        NULL,
            first_attempt_at  timestamptz NOT NULL DEFAULT now(),
            sent_at           timestamptz NULL
        );
        CREATE TABLE IF NOT EXISTS {{NonceTableName}} (
            nonce    text        PRIMARY KEY,
            seen_at  timestamptz NOT NULL DEFAULT now()
        );
        CREATE INDEX IF NOT EXISTS {{NonceTableName}}_seen_at ON {{NonceTableName}} (seen_at);
        """;

    // Nonces older than the signature window can no longer be replayed (their timestamp is refused): forgotten here.
    private const string ForgetNoncesSql = $"DELETE FROM {NonceTableName} WHERE seen_at < now() - make_interval(secs => @keep_seconds)";

    private const string RecordNonceSql = $"INSERT INTO {NonceTableName} (nonce) VALUES (@nonce) ON CONFLICT (nonce) DO NOTHING";

    // The conditional upsert takes the lease only when nobody holds a live one and the alert is not sent;
    // concurrent claims of one alert serialise on the row lock, so exactly one of them wins.
    private const string ClaimSql = $"""
        INSERT INTO {TableName} AS d (alert_id, status, lease_token, lease_expires_at)
        VALUES (@alert_id, 'processing', @token, now() + make_interval(secs => @lease_seconds))
        ON CONFLICT (alert_id) DO UPDATE
           SET lease_token = EXCLUDED.lease_token,
               lease_expires_at = EXCLUDED.lease_expires_at,
               attempts = d.attempts + 1
         WHERE d.status = 'processing' AND (d.lease_expires_at IS NULL OR d.lease_expires_at <= now())
        RETURNING d.delivered_to;
        """;

    private const string StateSql = $"""
        SELECT status, GREATEST(EXTRACT(EPOCH FROM lease_expires_at - now()), 0)::float8
          FROM {TableName} WHERE alert_id = @alert_id;
        """;

    /// <summary>Creates the table if it does not exist; safe to run from several instances at once.</summary>
    public async Task EnsureSchemaAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = new NpgsqlCommand(SchemaSql, connection, transaction))
        {
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Records the nonce of a signed request; false when it was seen within <paramref name="keep"/> (a replay).
    /// </summary>
    public async Task<bool> RecordNonceAsync(string nonce, TimeSpan keep, CancellationToken cancellationToken)
    {
        await using (var forget = dataSource.CreateCommand(ForgetNoncesSql))
        {
            forget.Parameters.AddWithValue("keep_seconds", keep.TotalSeconds);
            await forget.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await using var record = dataSource.CreateCommand(RecordNonceSql);
        record.Parameters.AddWithValue("nonce", nonce);
        return await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    /// <summary>Takes the delivery lease of <paramref name="alertId"/> for <paramref name="lease"/>, if it is free.</summary>
    public async Task<AlertDeliveryClaim> ClaimAsync(Guid alertId, TimeSpan lease, CancellationToken cancellationToken)
    {
        var token = Guid.NewGuid();
        await using (var claim = dataSource.CreateCommand(ClaimSql))
        {
            claim.Parameters.AddWithValue("alert_id", alertId);
            claim.Parameters.AddWithValue("token", token);
            claim.Parameters.AddWithValue("lease_seconds", lease.TotalSeconds);
            if (await claim.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is string[] deliveredTo)
            {
                return new AlertDeliveryClaim.Acquired(token, deliveredTo.ToHashSet(StringComparer.OrdinalIgnoreCase));
            }
        }

        await using var state = dataSource.CreateCommand(StateSql);
        state.Parameters.AddWithValue("alert_id", alertId);
        await using var reader = await state.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false) && reader.GetString(0) == "sent")
        {
            return new AlertDeliveryClaim.AlreadySent();
        }

        // A lease that expired between the two statements is free again: retrying soon is right.
        var remaining = reader.IsOnRow && !reader.IsDBNull(1) ? reader.GetDouble(1) : 0;
        return new AlertDeliveryClaim.HeldElsewhere(TimeSpan.FromSeconds(Math.Max(1, Math.Ceiling(remaining))));
    }

    /// <summary>Records that <paramref name="address"/> received the alert, so a retry skips it.</summary>
    public Task<bool> MarkDeliveredToAsync(Guid alertId, Guid leaseToken, string address, CancellationToken cancellationToken) =>
        ExecuteAsync(
            $"UPDATE {TableName} SET delivered_to = array_append(delivered_to, @address) WHERE alert_id = @alert_id AND lease_token = @token",
            alertId, leaseToken, cancellationToken, ("address", address));

    /// <summary>Marks the alert sent and ends the lease; later duplicates are acknowledged without mail.</summary>
    public Task<bool> MarkSentAsync(Guid alertId, Guid leaseToken, CancellationToken cancellationToken) =>
        ExecuteAsync(
            $"UPDATE {TableName} SET status = 'sent', sent_at = now(), lease_token = NULL, lease_expires_at = NULL, last_error = NULL WHERE alert_id = @alert_id AND lease_token = @token",
            alertId, leaseToken, cancellationToken);

    /// <summary>Deletes the records (with the addresses they list) of alerts sent more than <paramref name="keep"/> ago.</summary>
    /// <returns>How many records were deleted.</returns>
    public async Task<int> ForgetSentAsync(TimeSpan keep, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"DELETE FROM {TableName} WHERE status = 'sent' AND sent_at < now() - make_interval(secs => @keep_seconds)");
        command.Parameters.AddWithValue("keep_seconds", keep.TotalSeconds);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Gives the lease back after a failed attempt so the sender's retry can proceed at once.</summary>
    public Task<bool> ReleaseAsync(Guid alertId, Guid leaseToken, string error, CancellationToken cancellationToken) =>
        ExecuteAsync(
            $"UPDATE {TableName} SET lease_token = NULL, lease_expires_at = NULL, last_error = @error WHERE alert_id = @alert_id AND lease_token = @token",
            alertId, leaseToken, cancellationToken, ("error", error.Length > 1000 ? error[..1000] : error));

    private async Task<bool> ExecuteAsync(string sql, Guid alertId, Guid leaseToken, CancellationToken cancellationToken, params (string Name, string Value)[] extra)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("alert_id", alertId);
        command.Parameters.AddWithValue("token", leaseToken);
        foreach (var (name, value) in extra)
        {
            command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = value });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }
}
