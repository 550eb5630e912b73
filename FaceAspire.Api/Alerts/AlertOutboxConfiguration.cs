using FaceAspire.Api.Accounts;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Reviews;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Alerts;

internal sealed class AlertOutboxConfiguration : IEntityTypeConfiguration<AlertOutboxEntry>
{
    public void Configure(EntityTypeBuilder<AlertOutboxEntry> builder)
    {
        builder.ToTable("alert_outbox", table => table.HasCheckConstraint(
            "CK_alert_outbox_kind",
            $"""("Kind" = '{AlertKinds.ReviewAlert}' AND "ReviewId" IS NOT NULL AND "PhotoId" IS NOT NULL) OR ("Kind" IN ('{AlertKinds.Welcome}', '{AlertKinds.RegistrationAttempt}') AND "UserId" IS NOT NULL)"""));
        builder.HasKey(a => a.Id);
        builder.Property(a => a.Kind).HasMaxLength(32).HasDefaultValue(AlertKinds.ReviewAlert);
        builder.Property(a => a.LastError).HasMaxLength(500);
        builder.Property(a => a.TraceParent).HasMaxLength(64);
        // The dispatcher reads undelivered rows in due order.
        builder.HasIndex(a => new { a.DeliveredAt, a.NextAttemptAt });
        builder.HasOne<Photo>().WithMany().HasForeignKey(a => a.PhotoId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ReviewItem>().WithMany().HasForeignKey(a => a.ReviewId).OnDelete(DeleteBehavior.Cascade);
        // A deleted account takes its undelivered notices with it: nobody is mailed about an account that is gone.
        builder.HasOne<User>().WithMany().HasForeignKey(a => a.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
