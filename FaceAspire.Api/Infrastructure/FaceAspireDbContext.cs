using FaceAspire.Api.Accounts;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Reviews;
using FaceAspire.Api.Storage;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// The application database. Each entity has its own <see cref="IEntityTypeConfiguration{TEntity}"/> in its area
/// folder, picked up from this assembly, so a new area adds a set and a configuration class and nothing else here.
/// </summary>
public sealed class FaceAspireDbContext(DbContextOptions<FaceAspireDbContext> options) : DbContext(options)
{
    public DbSet<User> Users => Set<User>();

    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    public DbSet<SignInFailure> SignInFailures => Set<SignInFailure>();

    public DbSet<Photo> Photos => Set<Photo>();

    public DbSet<AnalysisJob> AnalysisJobs => Set<AnalysisJob>();

    public DbSet<PhotoFace> PhotoFaces => Set<PhotoFace>();

    public DbSet<Person> People => Set<Person>();

    public DbSet<FaceOwnerState> FaceOwnerStates => Set<FaceOwnerState>();

    public DbSet<AlertOutboxEntry> AlertOutbox => Set<AlertOutboxEntry>();

    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();

    public DbSet<ReviewAuditEntry> ReviewAudit => Set<ReviewAuditEntry>();

    public DbSet<ObjectDeletion> ObjectDeletions => Set<ObjectDeletion>();

    public DbSet<UploadIdempotencyKey> UploadIdempotencyKeys => Set<UploadIdempotencyKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FaceAspireDbContext).Assembly);
}
