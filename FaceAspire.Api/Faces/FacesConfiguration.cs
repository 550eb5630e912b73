using FaceAspire.Api.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Faces;

internal sealed class PersonConfiguration : IEntityTypeConfiguration<Person>
{
    public void Configure(EntityTypeBuilder<Person> builder)
    {
        builder.ToTable("people");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Name).HasMaxLength(Person.MaxNameLength);
        builder.HasIndex(p => p.OwnerId);
        builder.HasOne<User>().WithMany().HasForeignKey(p => p.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class FaceOwnerStateConfiguration : IEntityTypeConfiguration<FaceOwnerState>
{
    public void Configure(EntityTypeBuilder<FaceOwnerState> builder)
    {
        builder.ToTable("face_owner_states");
        builder.HasKey(s => s.OwnerId);
        builder.Property(s => s.RecognitionEnabled).HasDefaultValue(true);
        builder.HasOne<User>().WithOne().HasForeignKey<FaceOwnerState>(s => s.OwnerId).OnDelete(DeleteBehavior.Cascade);
    }
}
