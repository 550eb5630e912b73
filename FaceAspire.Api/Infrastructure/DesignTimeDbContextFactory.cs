using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// Lets <c>dotnet ef migrations add</c> build the model without starting the API. Creating migrations needs no
/// server, so the connection string is only a placeholder for the provider.
/// </summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FaceAspireDbContext>
{
    public FaceAspireDbContext CreateDbContext(string[] args) => new(
        new DbContextOptionsBuilder<FaceAspireDbContext>()
            .UseNpgsql("Host=localhost;Database=facedb", npgsql => npgsql.MigrationsHistoryTable("__ef_migrations_history"))
            .Options);
}
