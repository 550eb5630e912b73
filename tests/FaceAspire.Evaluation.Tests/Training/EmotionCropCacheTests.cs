using FaceAspire.Evaluation.Tests.Engines;
using FaceAspire.Evaluation.Training;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Pipeline;
using SkiaSharp;

namespace FaceAspire.Evaluation.Tests.Training;

/// <summary>The emotion network's training crops: cut through the engine (or from the picture's centre), cached, reread.</summary>
public sealed class EmotionCropCacheTests(EngineFixture engines) : IClassFixture<EngineFixture>, IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("faceaspire-emotion-crops-").FullName;

    [Fact]
    public void Engine_crops_keep_the_face_found_and_record_pictures_without_one()
    {
        var images = WriteTrainingFolder();
        var calls = 0;

        var file = EmotionCropCache.Build(
            Path.Combine(folder, "cache"), EmotionCropFraming.Engine, images,
            () => { calls++; return engines.Create(new FaceAnalyzerOptions { KeepEmotionCrops = true, MaxDegreeOfParallelism = 1 }); },
            parallelism: 1, cancellationToken: TestContext.Current.CancellationToken);

        var records = EmotionCropCache.Read(file);
        records.Select(r => (r.Key, r.Label)).ShouldBe([("train/happy/face.jpg", 3), ("train/sad/blank.png", 5)]);
        var crop = records[0].Pixels.ShouldNotBeNull();
        crop.Length.ShouldBe(EmotionCrop.TrainingSize * EmotionCrop.TrainingSize);
        (crop.Max() - crop.Min()).ShouldBeGreaterThan(60);
        records[1].Pixels.ShouldBeNull();

        // A second build finds everything cached and starts no engine.
        EmotionCropCache.Build(Path.Combine(folder, "cache"), EmotionCropFraming.Engine, images, () => { calls++; return null!; }, 1, cancellationToken: TestContext.Current.CancellationToken)
            .ShouldBe(file);
        calls.ShouldBe(1);
    }

    [Fact]
    public void Picture_crops_are_the_centred_frame_of_every_picture()
    {
        var images = WriteTrainingFolder();

        var file = EmotionCropCache.Build(Path.Combine(folder, "cache"), EmotionCropFraming.Picture, images, () => null!, parallelism: 1, cancellationToken: TestContext.Current.CancellationToken);

        var records = EmotionCropCache.Read(file);
        records.Count.ShouldBe(2);
        records.ShouldAllBe(r => r.Pixels != null);
        // The blank picture is mid-grey inside and black (outside the picture) only in the training border's corners.
        var blank = records[1].Pixels!;
        var centre = (EmotionCrop.TrainingSize / 2 * EmotionCrop.TrainingSize) + (EmotionCrop.TrainingSize / 2);
        ((int)blank[centre]).ShouldBeInRange(120, 136);
        blank[0].ShouldBeLessThan((byte)20);
    }

    [Fact]
    public void Labels_outside_the_seven_classes_are_refused()
    {
        Directory.CreateDirectory(Path.Combine(folder, EmotionCropCache.Folder));
        File.WriteAllText(Path.Combine(folder, EmotionCropCache.Folder, "labels.csv"), "path,label\ntrain/x/a.jpg,contempt\n");

        Should.Throw<InvalidDataException>(() => EmotionCropCache.ReadTrainingSplit(folder)).Message.ShouldContain("contempt");
    }

    /// <summary>A two-picture training folder: a face (a sample photo, labelled happy) and a blank grey picture (labelled sad).</summary>
    private IReadOnlyList<EmotionTrainingImage> WriteTrainingFolder()
    {
        var root = Path.Combine(folder, EmotionCropCache.Folder);
        Directory.CreateDirectory(Path.Combine(root, "train", "happy"));
        Directory.CreateDirectory(Path.Combine(root, "train", "sad"));
        File.Copy(Path.Combine(SamplePhotos.DirectoryOrSkip(), "sample1.jpg"), Path.Combine(root, "train", "happy", "face.jpg"));
        using (var bitmap = new SKBitmap(48, 48))
        {
            bitmap.Erase(new SKColor(128, 128, 128));
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(root, "train", "sad", "blank.png"), png.ToArray());
        }

        File.WriteAllText(Path.Combine(root, "labels.csv"), "path,label\ntrain/happy/face.jpg,happy\ntrain/sad/blank.png,sad\n");
        return EmotionCropCache.ReadTrainingSplit(folder);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
