using Amazon;
using Amazon.Runtime;
using Amazon.S3;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Storage;

internal static class StorageExtensions
{
    /// <summary>Registers the <see cref="IObjectStore"/> chosen by <c>Storage:Provider</c> and the deletion outbox.</summary>
    public static IHostApplicationBuilder AddStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>()
            .Bind(builder.Configuration.GetSection(StorageOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                options => options.Provider != StorageProvider.S3 || !string.IsNullOrWhiteSpace(options.S3.Bucket),
                "Storage:S3:Bucket is required when Storage:Provider is S3.")
            .Validate(
                options => string.IsNullOrEmpty(options.S3.AccessKey) == string.IsNullOrEmpty(options.S3.SecretKey),
                "Storage:S3:AccessKey and Storage:S3:SecretKey must be set together.")
            .ValidateOnStart();

        builder.Services.AddSingleton<IObjectStore>(services =>
        {
            var options = services.GetRequiredService<IOptions<StorageOptions>>().Value;
            return options.Provider switch
            {
                StorageProvider.S3 => new S3ObjectStore(CreateS3Client(options.S3), options.S3.Bucket!),
                _ => new LocalObjectStore(Path.Combine(
                    services.GetRequiredService<IHostEnvironment>().ContentRootPath, options.Local.RootPath)),
            };
        });

        builder.Services.AddOptions<ObjectDeletionOptions>()
            .Bind(builder.Configuration.GetSection(ObjectDeletionOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddScoped<ObjectDeleter>();
        builder.Services.AddSingleton<ObjectDeletionService>();
        if (builder.Configuration.GetSection(ObjectDeletionOptions.SectionName).GetValue(nameof(ObjectDeletionOptions.ServiceEnabled), defaultValue: true))
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<ObjectDeletionService>());
        }

        return builder;
    }

    private static AmazonS3Client CreateS3Client(S3StorageOptions options)
    {
        var config = new AmazonS3Config
        {
            ForcePathStyle = options.ForcePathStyle,
            // Checksums only where S3 requires them: S3-compatible servers often reject the trailing-checksum uploads
            // that the SDK would otherwise send by default.
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        else
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = options.Region;
        }

        return string.IsNullOrEmpty(options.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(options.AccessKey, options.SecretKey), config);
    }
}
