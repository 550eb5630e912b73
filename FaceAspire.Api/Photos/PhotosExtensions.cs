using FaceAspire.Api.Imaging;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Photos;

internal static class PhotosExtensions
{
    /// <summary>Registers image processing, upload limits and the uploader.</summary>
    public static IHostApplicationBuilder AddPhotos(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ImagingOptions>()
            .Bind(builder.Configuration.GetSection(ImagingOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddOptions<PhotoOptions>()
            .Bind(builder.Configuration.GetSection(PhotoOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<IConfigureOptions<FormOptions>, ConfigureFormLimits>();
        builder.Services.AddSingleton<ImageProcessor>();
        builder.Services.AddScoped<PhotoUploader>();
        builder.Services.AddScoped<IdempotentUploads>();
        return builder;
    }

    private sealed class ConfigureFormLimits(IOptions<PhotoOptions> photos) : IConfigureOptions<FormOptions>
    {
        public void Configure(FormOptions options)
        {
            options.MultipartBodyLengthLimit = photos.Value.MaxRequestBytes;
            // Files above the memory threshold spill to a temp file instead of growing the heap.
            options.MemoryBufferThreshold = 1024 * 1024;
        }
    }
}
