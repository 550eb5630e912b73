using FaceAspire.Api.Analysis;
using Microsoft.Extensions.DependencyInjection;

namespace FaceAspire.Api.Tests.Analysis;

/// <summary>An instance with workers loads the engine's models when it starts, before any photo arrives; one without never does.</summary>
public sealed class EnginePreparationTests(AnalysisApiFactory factory) : ApiTest<AnalysisApiFactory>(factory), IClassFixture<AnalysisApiFactory>
{
    [Fact]
    public async Task The_workers_load_every_model_before_the_first_photo()
    {
        // Nothing in this class uploads: only the start can have loaded them.
        var engine = (VisionFaceEngine)Factory.Services.GetRequiredService<IFaceEngine>();
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (!engine.ModelsLoaded && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, Cancellation);
        }

        engine.ModelsLoaded.ShouldBeTrue("the engine's models were not loaded within 90 s of the start");
    }
}

/// <summary>An API-only instance (no workers) never loads a model.</summary>
public sealed class ApiOnlyInstanceTests(ApiFactory factory) : ApiTest<ApiFactory>(factory), IClassFixture<ApiFactory>
{
    [Fact]
    public async Task An_instance_without_workers_loads_no_model()
    {
        var user = await SignUpAsync();
        (await user.Http.UploadPhotoAsync(TestImages.SampleFace(1))).AnalysisStatus.ShouldBe("pending");
        await Task.Delay(2000, Cancellation);

        var engine = (VisionFaceEngine)Factory.Services.GetRequiredService<IFaceEngine>();
        engine.ModelsLoaded.ShouldBeFalse();
    }
}
