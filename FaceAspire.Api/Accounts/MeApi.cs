using FaceAspire.Api.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FaceAspire.Api.Accounts;

/// <summary>The signed-in user: <c>/api/me</c>.</summary>
public static class MeApi
{
    public static IEndpointRouteBuilder MapMeApi(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/me").WithTags("Accounts").RequireAuthorization()
            .MapGet("/", GetAsync).WithName("GetMe").WithSummary("The signed-in user");
        return app;
    }

    internal static async Task<Results<Ok<UserResponse>, NotFound>> GetAsync(
        HttpContext context, FaceAspireDbContext db, CancellationToken cancellationToken)
    {
        var id = CurrentUser.Id(context.User);
        var user = await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Id == id, cancellationToken);
        return user is null ? TypedResults.NotFound() : TypedResults.Ok(UserResponse.From(user));
    }
}
