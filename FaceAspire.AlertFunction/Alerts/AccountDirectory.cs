using Npgsql;

namespace FaceAspire.AlertFunction.Alerts;

/// <summary>
/// Finds the e-mail address of an account in the API's <c>users</c> table, in the database the function already uses
/// for its delivery log (<c>ConnectionStrings:facedb</c>). An account notice goes to this address and no other: the
/// message names only the account.
/// </summary>
public sealed class AccountDirectory(NpgsqlDataSource dataSource)
{
    /// <summary>The account's address, or null when the account no longer exists (deleted since the notice was queued).</summary>
    public async Task<string?> FindEmailAsync(Guid accountId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""SELECT "Email" FROM users WHERE "Id" = @id""");
        command.Parameters.AddWithValue("id", accountId);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
    }
}
