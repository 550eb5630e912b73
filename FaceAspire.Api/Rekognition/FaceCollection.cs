using FaceAspire.Api.Accounts;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Rekognition;

/// <summary>A Rekognition collection of one user: a named set of the user's faces (<see cref="CollectionFace"/>).</summary>
public sealed class FaceCollection
{
    public const int MaxNameLength = 255;

    public Guid Id { get; init; } = Guid.CreateVersion7();

    public Guid OwnerId { get; init; }

    /// <summary>The <c>CollectionId</c>, <c>[a-zA-Z0-9_.\-]+</c>, unique per owner.</summary>
    public required string Name { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}

/// <summary>
/// A face indexed into a collection. The face itself (box, detail, descriptor) is the <c>photo_faces</c> row of the
/// owner's photo, so collections share the one face store and the owner's one search index; this row only says that the
/// face belongs to the collection, under which <c>ExternalImageId</c>. It counts while that face is one of the
/// owner's current faces.
/// </summary>
public sealed class CollectionFace
{
    public const int MaxExternalImageIdLength = 255;

    public Guid CollectionId { get; init; }

    public Guid FaceId { get; init; }

    public string? ExternalImageId { get; init; }

    public DateTimeOffset IndexedAt { get; init; }
}

internal sealed class FaceCollectionConfiguration : IEntityTypeConfiguration<FaceCollection>
{
    public void Configure(EntityTypeBuilder<FaceCollection> builder)
    {
        builder.ToTable("face_collections");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Name).HasMaxLength(FaceCollection.MaxNameLength).UseCollation("C");
        builder.HasIndex(c => new { c.OwnerId, c.Name }).IsUnique();
        builder.HasOne<User>().WithMany().HasForeignKey(c => c.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class CollectionFaceConfiguration : IEntityTypeConfiguration<CollectionFace>
{
    public void Configure(EntityTypeBuilder<CollectionFace> builder)
    {
        builder.ToTable("collection_faces");
        builder.HasKey(f => new { f.CollectionId, f.FaceId });
        builder.Property(f => f.ExternalImageId).HasMaxLength(CollectionFace.MaxExternalImageIdLength);
        builder.HasIndex(f => f.FaceId);
        builder.HasOne<FaceCollection>().WithMany().HasForeignKey(f => f.CollectionId).OnDelete(DeleteBehavior.Cascade);
        // No foreign key to photo_faces: a re-analysis replaces a photo's face rows (keeping the ids of faces that stay
        // where they were, see FaceContinuity), which must not drop them from collections. A membership whose face
        // is gone (photo deleted, face no longer found) is simply not joined by any query.
    }
}

internal sealed class DataProtectionKeyConfiguration : IEntityTypeConfiguration<DataProtectionKey>
{
    public void Configure(EntityTypeBuilder<DataProtectionKey> builder) => builder.ToTable("data_protection_keys");
}
