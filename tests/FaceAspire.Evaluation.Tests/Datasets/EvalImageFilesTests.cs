using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Imaging;
using SkiaSharp;

namespace FaceAspire.Evaluation.Tests.Datasets;

/// <summary>JAFFE's TIFF files become PNGs the engine can decode, with the grey values intact.</summary>
public sealed class EvalImageFilesTests
{
    [Fact]
    public void Every_jaffe_tiff_decodes_to_a_256_pixel_square_png()
    {
        var samples = EmotionSets.ReadJaffe(EvalData.RootOrSkip());

        foreach (var sample in samples.Take(20))
        {
            var png = EvalImageFiles.ReadForEngine(sample.ImagePath);
            using var bitmap = SKBitmap.Decode(png);
            bitmap.ShouldNotBeNull(sample.ImagePath);
            (bitmap.Width, bitmap.Height).ShouldBe((256, 256));

            // A face photo is not flat: a reader that got the strips or the palette wrong yields one grey level.
            var first = bitmap.GetPixel(0, 0);
            Enumerable.Range(0, 256).Any(i => bitmap.GetPixel(i, 128) != first).ShouldBeTrue(sample.ImagePath);
        }
    }

    [Fact]
    public void Big_endian_grey_tiff_is_read_pixel_for_pixel()
    {
        // A 2x2 uncompressed MM TIFF: 8 tags in one directory at offset 8, pixels at offset 110.
        var tiff = new List<byte> { (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, 0, 8 };
        void Entry(ushort tag, ushort type, uint value) => tiff.AddRange(
        [
            (byte)(tag >> 8), (byte)tag, 0, (byte)type, 0, 0, 0, 1,
            .. type == 3 ? new byte[] { (byte)(value >> 8), (byte)value, 0, 0 } : [0, 0, 0, (byte)value],
        ]);
        Entry(256, 3, 2);
        Entry(257, 3, 2);
        Entry(258, 3, 8);
        Entry(259, 3, 1);
        Entry(262, 3, 1);
        Entry(273, 4, 110);
        Entry(277, 3, 1);
        Entry(279, 4, 4);
        tiff.AddRange([0, 0, 0, 0]);
        tiff.AddRange([10, 20, 30, 40]);

        var (width, height, gray) = GrayTiffReader.Read(tiff.ToArray());

        (width, height).ShouldBe((2, 2));
        gray.ShouldBe(new byte[] { 10, 20, 30, 40 });
    }

    [Fact]
    public void Non_tiff_bytes_are_rejected_with_a_clear_message() =>
        Should.Throw<InvalidDataException>(() => GrayTiffReader.Read("not a tiff"u8))
            .Message.ShouldContain("Not a TIFF");
}
