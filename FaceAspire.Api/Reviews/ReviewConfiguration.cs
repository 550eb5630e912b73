using FaceAspire.Api.Photos;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Reviews;

internal sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> builder)
    {
        builder.ToTable("review_items");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Reason).HasMaxLength(32).IsRequired();
        builder.Property(r => r.Status).HasMaxLength(16).IsRequired();
        builder.HasIndex(r => new { r.Status, r.CreatedAt });
        builder.HasIndex(r => r.PhotoId);
        builder.HasOne<Photo>().WithMany().HasForeignKey(r => r.PhotoId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ReviewAuditConfiguration : IEntityTypeConfiguration<ReviewAuditEntry>
{
    public void Configure(EntityTypeBuilder<ReviewAuditEntry> builder)
    {
        builder.ToTable("review_audit");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.ActorEmail).HasMaxLength(320).IsRequired();
        builder.Property(a => a.Action).HasMaxLength(32).IsRequired();
        builder.Property(a => a.Comment).HasMaxLength(2000);
        builder.HasIndex(a => new { a.ReviewId, a.At });
        builder.HasOne<ReviewItem>().WithMany().HasForeignKey(a => a.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
