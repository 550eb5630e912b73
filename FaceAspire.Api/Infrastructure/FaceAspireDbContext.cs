using FaceAspire.Api.Accounts;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Privacy;
using FaceAspire.Api.Rekognition;
using FaceAspire.Api.Reviews;
using FaceAspire.Api.Storage;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// The application database. Each entity has its own <see cref="IEntityTypeConfiguration{TEntity}"/> in its area
/// folder, picked up from this assembly, so a new area adds a set and a configuration class and nothing else here.
/// It also holds the Data Protection key ring, so every API instance protects and unprotects with the same keys.
/// </summary>
public sealed class FaceAspireDbContext(DbContextOptions<FaceAspireDbContext> options) : DbContext(options), IDataProtectionKeyContext
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

    public DbSet<AccountDeletionRecord> AccountDeletions => Set<AccountDeletionRecord>();

    public DbSet<AccessKey> AccessKeys => Set<AccessKey>();

    public DbSet<FaceCollection> FaceCollections => Set<FaceCollection>();

    public DbSet<CollectionFace> CollectionFaces => Set<CollectionFace>();

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    public DbSet<UploadIdempotencyKey> UploadIdempotencyKeys => Set<UploadIdempotencyKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FaceAspireDbContext).Assembly);
}
