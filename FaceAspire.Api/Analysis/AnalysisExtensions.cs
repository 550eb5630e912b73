using FaceAspire.Vision.Models;
using FaceAspire.Vision.Pipeline;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Analysis;

internal static class AnalysisExtensions
{
    /// <summary>Registers the job queue, the face engine (one shared instance), the workers and their metrics.</summary>
    public static IHostApplicationBuilder AddAnalysis(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<AnalysisOptions>()
            .Bind(builder.Configuration.GetSection(AnalysisOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton<AnalysisQueueSignal>();
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
        builder.Services.AddSingleton<IFaceEngine>(services => new VisionFaceEngine(
            services.GetRequiredService<IOnnxModelProvider>(),
            // One job at a time per worker; the faces of one photo still run in parallel inside the engine.
            new FaceAnalyzerOptions()));
        builder.Services.AddSingleton<AnalysisWorkerService>();
        builder.Services.AddHostedService(services => services.GetRequiredService<AnalysisWorkerService>());
        return builder;
    }
}
