using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Privacy;

internal sealed class AccountDeletionRecordConfiguration : IEntityTypeConfiguration<AccountDeletionRecord>
{
    public void Configure(EntityTypeBuilder<AccountDeletionRecord> builder)
    {
        builder.ToTable("account_deletions");
        builder.HasKey(r => r.Id);
    }
}
