using FaceAspire.Api.Photos;
using FaceAspire.Api.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Alerts;

internal sealed class AlertOutboxConfiguration : IEntityTypeConfiguration<AlertOutboxEntry>
{
    public void Configure(EntityTypeBuilder<AlertOutboxEntry> builder)
    {
        builder.ToTable("alert_outbox");
        builder.HasKey(a => a.Id);
        builder.Property(a => a.LastError).HasMaxLength(500);
        builder.Property(a => a.TraceParent).HasMaxLength(64);
        // The dispatcher reads undelivered rows in due order.
        builder.HasIndex(a => new { a.DeliveredAt, a.NextAttemptAt });
        builder.HasOne<Photo>().WithMany().HasForeignKey(a => a.PhotoId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ReviewItem>().WithMany().HasForeignKey(a => a.ReviewId).OnDelete(DeleteBehavior.Cascade);
    }
}
