using FaceAspire.Api.Accounts;
using FaceAspire.Api.Photos;
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

    public DbSet<Photo> Photos => Set<Photo>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FaceAspireDbContext).Assembly);
}
