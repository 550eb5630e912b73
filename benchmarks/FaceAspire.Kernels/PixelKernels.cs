using BenchmarkDotNet.Attributes;
using FaceAspire.Evaluation.Benchmark;
using FaceAspire.Vision.Imaging;

namespace FaceAspire.Kernels;

/// <summary>
/// Decoding the photo, resizing it to the detector's finest level, and sampling the per-face model inputs: what the
/// pipeline does in managed code between the ONNX Runtime calls. The sampler and resizer write into buffers the caller
/// owns and should allocate nothing per call; decoding allocates the photo's pixels and nothing else that stays.
/// </summary>
[MemoryDiagnoser]
public class PixelKernels
{
    private byte[] jpeg = [];
    private RgbImage photo = null!;
    private readonly float[] level = new float[1152 * 768 * 3];
    private readonly float[] crop = new float[224 * 224 * 3];

    [GlobalSetup]
    public void Setup()
    {
        var samples = BenchImages.SampleDirectory()
            ?? throw new InvalidOperationException("The sample photos of @vladmandic/face-api were not found: run npm ci at the repository root.");
        jpeg = BenchImages.Compose(samples, _ => (100, 100, 200, 200)).Single(i => i.Name == "four-faces").Jpeg;
        photo = ImageDecoder.Decode(jpeg);
    }

    /// <summary>The 1920x1280 4-face bench photo from JPEG bytes to upright RGB.</summary>
    [Benchmark]
    public RgbImage Decode() => ImageDecoder.Decode(jpeg);

    /// <summary>The detector's finest level of that photo (1152x768, area filter).</summary>
    [Benchmark]
    public void ResizeToDetectorLevel() => ImageResizer.ResizeRgb(photo, 1152, 768, level, 1152, 1f / 127.5f, -1f);

    /// <summary>The same on two threads, as the detector runs it on a machine with two or more cores.</summary>
    [Benchmark]
    public void ResizeToDetectorLevelTwoThreads() => ImageResizer.ResizeRgb(photo, 1152, 768, level, 1152, 1f / 127.5f, -1f, 2);

    /// <summary>A FaceMesh input: a 250-pixel face turned 0.2 rad, 192x192, 2x2 taps a pixel.</summary>
    [Benchmark]
    public void SampleMeshCrop() =>
        ImageSampler.SampleRgb(photo, AffineTransform.SquareCrop(700, 500, 250, 0.2f, 192), 192, 192, crop, 1f / 255f, 0f);

    /// <summary>A FaceRes input: the same face at 224x224, one tap a pixel.</summary>
    [Benchmark]
    public void SampleFaceResCrop() =>
        ImageSampler.SampleRgb(photo, AffineTransform.SquareCrop(700, 500, 250, 0.2f, 224), 224, 224, crop, 1f, 0f);

    /// <summary>An emotion input: the face at 48x48 grey, 4x4 taps a pixel.</summary>
    [Benchmark]
    public void SampleEmotionCrop() =>
        ImageSampler.SampleGray(photo, AffineTransform.SquareCrop(700, 500, 250, 0.2f, 48), 48, 48, crop, (0.2989f, 0.5870f, 0.1140f), 1f / 255f, 0f);
}
