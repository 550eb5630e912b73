using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Accounts;

internal sealed class SignInFailureConfiguration : IEntityTypeConfiguration<SignInFailure>
{
    /// <summary>"client:" or "account:" plus the SHA-256 (hex) of the address or normalised e-mail.</summary>
    public const int KeyLength = 72;

    public void Configure(EntityTypeBuilder<SignInFailure> builder)
    {
        builder.ToTable("sign_in_failures");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.Id).UseIdentityAlwaysColumn();
        builder.Property(f => f.Key).HasMaxLength(KeyLength);
        // The throttle counts one key's recent failures; pruning deletes by age.
        builder.HasIndex(f => new { f.Key, f.At });
        builder.HasIndex(f => f.At);
    }
}
