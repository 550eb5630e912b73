using Amazon.SQS;
using FaceAspire.Api.Analysis.Sqs;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Imaging;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Rekognition;
using FaceAspire.Api.Storage;
using FaceAspire.Vision.Models;
using FaceAspire.Vision.Pipeline;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Analysis;

internal static class AnalysisExtensions
{
    /// <summary>
    /// Registers the job queue, the face engine and its face matcher (one shared instance each, chosen by
    /// <c>Analysis:Engine</c>), the workers and their metrics.
    /// </summary>
    public static IHostApplicationBuilder AddAnalysis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalysisOptions>()
            .Bind(builder.Configuration.GetSection(AnalysisOptions.SectionName))
            .ValidateDataAnnotations()
            .Validate(
                o => o.Transport != AnalysisTransport.Sqs || !string.IsNullOrWhiteSpace(o.Sqs.QueueUrl),
                "Analysis:Sqs:QueueUrl is required when Analysis:Transport is Sqs.")
            .Validate(o => o.Sqs.HasConsistentKeys, "Analysis:Sqs:AccessKey and Analysis:Sqs:SecretKey must be set together.")
            .Validate(o => o.Rekognition.HasConsistentKeys, "Analysis:Rekognition:AccessKey and Analysis:Rekognition:SecretKey must be set together.")
            .Validate(
                o => o.Rekognition.HasValidCollectionPrefix,
                "Analysis:Rekognition:CollectionPrefix must be lower-case letters, digits, '.', '_' or '-', start with a letter or digit, and have at most 100 characters.")
            .Validate(
                o => o.Sqs.WaitTime >= TimeSpan.Zero && o.Sqs.WaitTime <= TimeSpan.FromSeconds(20) && o.Sqs.ResendAfter >= TimeSpan.FromMinutes(1),
                "Analysis:Sqs:WaitTime must be 0-20 seconds and Analysis:Sqs:ResendAfter at least one minute.")
            .ValidateOnStart();

        builder.Services.AddSingleton<AnalysisQueueSignal>();
        // Jobs queued by any instance wake this instance's workers (a trigger notifies on every pending job).
        builder.Services.AddSingleton<IDatabaseNotificationListener>(services =>
            new WorkSignalNotifications(DatabaseChannels.AnalysisJobs, services.GetRequiredService<AnalysisQueueSignal>()));
        // Requests waiting for an analysis to end are woken by the trigger's notification, from any instance.
        builder.Services.AddSingleton<AnalysisResultSignal>();
        builder.Services.AddSingleton<IDatabaseNotificationListener>(services => services.GetRequiredService<AnalysisResultSignal>());
        builder.Services.AddSingleton<AnalysisMetrics>();
        builder.Services.AddScoped<AnalysisJobStore>();
        builder.Services.AddScoped<AnalysisResultWriter>();
        builder.Services.AddSingleton<IOnnxModelProvider>(services =>
        {
            var settings = services.GetRequiredService<IOptions<AnalysisOptions>>().Value;
            var contentRoot = services.GetRequiredService<IHostEnvironment>().ContentRootPath;
            // Null settings defer to the engine's defaults (FACEASPIRE_MODELS_DIR / node_modules found upwards, and
            // FACEASPIRE_MODEL_CACHE / ~/.cache/faceaspire/models); a missing model folder is reported on first use.
            return new TfjsOnnxModelProvider(
                settings.ModelsPath is null ? null : Path.Combine(contentRoot, settings.ModelsPath),
                settings.ModelCachePath is null ? null : Path.Combine(contentRoot, settings.ModelCachePath));
        });
        if (builder.Configuration.GetSection(AnalysisOptions.SectionName).GetValue<AnalysisEngine?>(nameof(AnalysisOptions.Engine)) == AnalysisEngine.Rekognition)
        {
            builder.Services.AddHttpClient(RekognitionFaceEngine.EngineVersion);
            builder.Services.AddSingleton(services => new RekognitionServiceClient(
                services.GetRequiredService<IHttpClientFactory>().CreateClient(RekognitionFaceEngine.EngineVersion),
                services.GetRequiredService<IOptions<AnalysisOptions>>().Value.Rekognition,
                services.GetRequiredService<TimeProvider>()));
            builder.Services.AddSingleton<RekognitionFaceEngine>();
            builder.Services.AddSingleton<IFaceEngine>(services => services.GetRequiredService<RekognitionFaceEngine>());
            builder.Services.AddSingleton<IFaceMatcher>(services => new RekognitionFaceMatcher(
                services.GetRequiredService<RekognitionServiceClient>(),
                services.GetRequiredService<RekognitionFaceEngine>(),
                services.GetRequiredService<ImageProcessor>(),
                services.GetRequiredService<IObjectStore>(),
                services.GetRequiredService<IOptions<AnalysisOptions>>().Value.Rekognition));
        }
        else
        {
            builder.Services.AddSingleton<IFaceEngine>(services => new VisionFaceEngine(
                services.GetRequiredService<IOnnxModelProvider>(),
                // One job at a time per worker; the faces of one photo still run in parallel inside the engine. The
                // engine reads the stored display image under the upload's pixel cap: one decode policy (ImageProcessor).
                new FaceAnalyzerOptions { MaxImagePixels = services.GetRequiredService<ImageProcessor>().MaxPixels }));
            builder.Services.AddSingleton<IFaceMatcher, LocalFaceMatcher>();
        }
        builder.Services.AddSingleton<UploadHandover>();
        builder.Services.AddSingleton<AnalysisWorkerService>();
        var section = builder.Configuration.GetSection(AnalysisOptions.SectionName);
        if (section.GetValue<AnalysisTransport?>(nameof(AnalysisOptions.Transport)) == AnalysisTransport.Sqs)
        {
            builder.Services.AddKeyedSingleton<IAmazonSQS>(
                AnalysisJobMessage.ClientKey, (services, _) => services.GetRequiredService<IOptions<AnalysisOptions>>().Value.Sqs.CreateSqsClient());
            builder.Services.AddSingleton<SqsAnalysisSender>();
            builder.Services.AddSingleton<SqsAnalysisWorkerService>();
            if (section.GetValue($"{nameof(AnalysisOptions.Sqs)}:{nameof(AnalysisSqsOptions.SenderEnabled)}", defaultValue: true))
            {
                builder.Services.AddHostedService(services => services.GetRequiredService<SqsAnalysisSender>());
            }

            builder.Services.AddHostedService(services => services.GetRequiredService<SqsAnalysisWorkerService>());
        }
        else
        {
            builder.Services.AddHostedService(services => services.GetRequiredService<AnalysisWorkerService>());
        }

        return builder;
    }
}
