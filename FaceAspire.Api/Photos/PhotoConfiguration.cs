using FaceAspire.Api.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Photos;

internal sealed class PhotoConfiguration : IEntityTypeConfiguration<Photo>
{
    public void Configure(EntityTypeBuilder<Photo> builder)
    {
        builder.ToTable("photos");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.FileName).HasMaxLength(255).IsRequired();
        builder.Property(p => p.ContentType).HasMaxLength(50).IsRequired();
        builder.Property(p => p.Sha256).HasMaxLength(64).IsRequired();
        builder.Property(p => p.OriginalKey).HasMaxLength(200).IsRequired();
        builder.Property(p => p.DisplayKey).HasMaxLength(200).IsRequired();
        builder.Property(p => p.ThumbnailKey).HasMaxLength(200).IsRequired();
        builder.HasIndex(p => new { p.OwnerId, p.CreatedAt });
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
