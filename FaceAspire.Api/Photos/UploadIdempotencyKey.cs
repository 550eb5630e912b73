using FaceAspire.Api.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Photos;

/// <summary>
/// An upload made with an <c>Idempotency-Key</c> header: the key is the owner's, and the row is inserted in the same
/// transaction as the photos, so a stored key always means a stored upload and its answer.
/// </summary>
public sealed class UploadIdempotencyKey
{
    public Guid OwnerId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 (hex) of the files' names and bytes: the same key with another request is refused.</summary>
    public required string RequestHash { get; init; }

    /// <summary>The <c>Location</c> of the first answer.</summary>
    public required string Location { get; init; }

    /// <summary>The JSON body of the first answer, returned again as it was.</summary>
    public required string ResponseBody { get; init; }

    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>After this the key is forgotten, and the same key starts a new upload.</summary>
    public DateTimeOffset ExpiresAt { get; init; }
}

internal sealed class UploadIdempotencyKeyConfiguration : IEntityTypeConfiguration<UploadIdempotencyKey>
{
    public const string TableName = "upload_idempotency_keys";

    public void Configure(EntityTypeBuilder<UploadIdempotencyKey> builder)
    {
        builder.ToTable(TableName);
        builder.HasKey(k => new { k.OwnerId, k.Key });
        builder.Property(k => k.Key).HasMaxLength(IdempotentUploads.MaxKeyLength);
        builder.Property(k => k.RequestHash).HasMaxLength(64).IsRequired();
        builder.Property(k => k.Location).HasMaxLength(200).IsRequired();
        builder.Property(k => k.ResponseBody).HasColumnType("jsonb").IsRequired();
        builder.HasIndex(k => k.ExpiresAt);
        builder.HasOne<User>().WithMany().HasForeignKey(k => k.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
