using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Storage;

internal sealed class ObjectDeletionConfiguration : IEntityTypeConfiguration<ObjectDeletion>
{
    public void Configure(EntityTypeBuilder<ObjectDeletion> builder)
    {
        builder.ToTable("object_deletions");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Key).HasMaxLength(200).IsRequired();
        builder.Property(d => d.LastError).HasMaxLength(500);
        // The deletion service reads rows in due order. No foreign key: the owner of the objects is gone.
        builder.HasIndex(d => d.NextAttemptAt);
    }
}
