using FaceAspire.Api.Faces;
using FaceAspire.Api.Photos;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FaceAspire.Api.Analysis;

internal sealed class AnalysisJobConfiguration : IEntityTypeConfiguration<AnalysisJob>
{
    public void Configure(EntityTypeBuilder<AnalysisJob> builder)
    {
        builder.ToTable("analysis_jobs");
        builder.HasKey(j => j.PhotoId);
        builder.Property(j => j.Status).HasMaxLength(16).IsRequired();
        builder.Property(j => j.Error).HasMaxLength(500);
        builder.Property(j => j.EngineVersion).HasMaxLength(64);
        builder.Property(j => j.ResultKey).HasMaxLength(200);
        builder.Property(j => j.TraceParent).HasMaxLength(64);
        builder.Property(j => j.CompletedBy).HasMaxLength(200);
        // The claim query scans by status and availability.
        builder.HasIndex(j => new { j.Status, j.AvailableAt });
        builder.HasOne<Photo>().WithOne().HasForeignKey<AnalysisJob>(j => j.PhotoId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PhotoFaceConfiguration : IEntityTypeConfiguration<PhotoFace>
{
    public void Configure(EntityTypeBuilder<PhotoFace> builder)
    {
        builder.ToTable("photo_faces");
        builder.HasKey(f => f.Id);
        builder.Property(f => f.EngineVersion).HasMaxLength(64).IsRequired();
        builder.Property(f => f.Detail).HasColumnType("jsonb").IsRequired();
        // One set of faces per photo and engine version: a retried or repeated analysis replaces, never duplicates.
        builder.HasIndex(f => new { f.PhotoId, f.EngineVersion, f.FaceIndex }).IsUnique();
        builder.HasOne<Photo>().WithMany().HasForeignKey(f => f.PhotoId).OnDelete(DeleteBehavior.Cascade);
        // Half-precision descriptor bytes; where pgvector is installed the same values fit a halfvec column.
        builder.Property(f => f.Embedding).HasColumnType("bytea");
        builder.HasIndex(f => f.PersonId);
        // Rekognition's face ids are UUIDs; search results are mapped back to rows through them.
        builder.Property(f => f.RekognitionFaceId).HasMaxLength(64);
        builder.HasIndex(f => f.RekognitionFaceId);
        // Deleting a person (a merge, the privacy switch) leaves its faces without one.
        builder.HasOne<Person>().WithMany().HasForeignKey(f => f.PersonId).OnDelete(DeleteBehavior.SetNull);
    }
}
