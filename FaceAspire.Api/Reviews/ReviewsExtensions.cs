namespace FaceAspire.Api.Reviews;

internal static class ReviewsExtensions
{
    /// <summary>Registers the review policy that analysis results pass through.</summary>
    public static IHostApplicationBuilder AddReviews(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<ReviewFlagging>();
        return builder;
    }
}
