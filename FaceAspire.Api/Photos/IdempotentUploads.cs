using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using FaceAspire.Api.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FaceAspire.Api.Photos;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /api/photos</c>: a client that lost the answer to an upload sends it again with the
/// same key and gets the first answer back instead of a second copy of the photos. Keys belong to one user, last
/// <see cref="PhotoOptions.IdempotencyKeyLifetime"/>, and a key sent with different files is refused (422).
/// </summary>
public sealed class IdempotentUploads(FaceAspireDbContext db, IOptions<PhotoOptions> options, TimeProvider time)
{
    public const string HeaderName = "Idempotency-Key";

    /// <summary>Set on an answer that repeats the first one.</summary>
    public const string ReplayedHeaderName = "Idempotent-Replayed";

    public const int MaxKeyLength = 200;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Null when the header is absent or acceptable; otherwise what is wrong with it.</summary>
    public static string? Problem(string? key) =>
        key is null || (key.Length is > 0 and <= MaxKeyLength && key.All(c => c is >= '!' and <= '~'))
            ? null
            : $"{HeaderName} must be 1 to {MaxKeyLength} visible ASCII characters, for example a random UUID.";

    /// <summary>SHA-256 over every file's name and bytes, each length-prefixed.</summary>
    public static string RequestHash(IReadOnlyList<UploadedFile> files)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> length = stackalloc byte[8];
        foreach (var file in files)
        {
            var name = Encoding.UTF8.GetBytes(file.FileName ?? string.Empty);
            foreach (var part in new[] { name, file.Content })
            {
                System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(length, part.Length);
                hash.AppendData(length);
                hash.AppendData(part);
            }
        }

        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>The first answer to this key of the owner, unless it has expired (expired keys are deleted here).</summary>
    public async Task<UploadIdempotencyKey?> FindAsync(Guid ownerId, string key, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        await db.UploadIdempotencyKeys.Where(k => k.ExpiresAt <= now).ExecuteDeleteAsync(cancellationToken);
        return await db.UploadIdempotencyKeys.AsNoTracking()
            .SingleOrDefaultAsync(k => k.OwnerId == ownerId && k.Key == key, cancellationToken);
    }

    /// <summary>The row that records <paramref name="body"/> as the answer to the key, for the upload's transaction.</summary>
    public UploadIdempotencyKey Record(Guid ownerId, string key, string requestHash, string location, IReadOnlyList<PhotoResponse> body)
    {
        var now = time.GetUtcNow();
        return new UploadIdempotencyKey
        {
            OwnerId = ownerId,
            Key = key,
            RequestHash = requestHash,
            Location = location,
            ResponseBody = JsonSerializer.Serialize(body, Json),
            CreatedAt = now,
            ExpiresAt = now + options.Value.IdempotencyKeyLifetime,
        };
    }

    public static IReadOnlyList<PhotoResponse> Body(UploadIdempotencyKey stored) =>
        JsonSerializer.Deserialize<List<PhotoResponse>>(stored.ResponseBody, Json)!;

    /// <summary>True when a concurrent upload with the same key committed first.</summary>
    public static bool IsKeyTaken(DbUpdateException exception) =>
        exception.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } unique
        && unique.TableName == UploadIdempotencyKeyConfiguration.TableName;
}
