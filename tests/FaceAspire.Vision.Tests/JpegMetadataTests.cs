using System.Text;
using FaceAspire.Vision.Imaging;
using FaceAspire.Vision.Tests.Support;
using SkiaSharp;

namespace FaceAspire.Vision.Tests;

public sealed class JpegMetadataTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void A_real_photo_without_its_metadata_decodes_to_the_same_pixels(int sample)
    {
        var photo = TestPaths.ReadSample(sample);
        JpegMetadata.TryStrip(photo, out var stripped).ShouldBeTrue();

        stripped.Length.ShouldBeLessThanOrEqualTo(photo.Length);
        ImageDecoder.Decode(stripped).Pixels.ShouldBe(ImageDecoder.Decode(photo).Pixels);
    }

    [Fact]
    public void Exif_xmp_iptc_the_colour_profile_comments_and_trailing_bytes_go()
    {
        var jpeg = TestImages.Encode(64, 48, c => c.Clear(new SKColor(40, 120, 200)), SKEncodedImageFormat.Jpeg);
        byte[] icc = [.. "ICC_PROFILE\0"u8, 1, 1, .. "profile-bytes"u8];
        var laden = Insert(
            TestImages.WithExifOrientation(jpeg, 1),
            Segment(0xE1, [.. "http://ns.adobe.com/xap/1.0/\0"u8, .. "<x:xmpmeta>GPS-IN-XMP</x:xmpmeta>"u8]),
            Segment(0xFE, "a comment with a name"u8.ToArray()),
            Segment(0xED, [.. "Photoshop 3.0\0"u8, .. "IPTC-CAPTION"u8]),
            Segment(0xE2, icc));
        byte[] withTrailer = [.. laden, .. "TRAILING-SECRET"u8];

        JpegMetadata.TryStrip(withTrailer, out var stripped).ShouldBeTrue();

        var text = Encoding.ASCII.GetString(stripped);
        foreach (var gone in new[] { "Exif\0\0", "GPS-IN-XMP", "a comment", "IPTC-CAPTION", "profile-bytes", "TRAILING-SECRET" })
        {
            text.ShouldNotContain(gone);
        }

        stripped[^2..].ShouldBe(new byte[] { 0xFF, 0xD9 });
        ImageDecoder.Decode(stripped).Pixels.ShouldBe(ImageDecoder.Decode(jpeg).Pixels);
    }

    [Fact]
    public void A_jfif_thumbnail_goes_and_its_header_stays()
    {
        var jpeg = TestImages.Encode(32, 32, c => c.Clear(SKColors.Gray), SKEncodedImageFormat.Jpeg);
        // JFIF 1.01, no units, density 1 x 1, a 2 x 1 RGB thumbnail.
        byte[] jfif = [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 2, 1, 10, 20, 30, 40, 50, 60];
        var withThumbnail = Insert(WithoutJfif(jpeg), Segment(0xE0, jfif));

        JpegMetadata.TryStrip(withThumbnail, out var stripped).ShouldBeTrue();

        byte[] header = [0xFF, 0xD8, 0xFF, 0xE0, 0, 16, .. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0];
        stripped.AsSpan(0, 20).ToArray().ShouldBe(header);
        ImageDecoder.Decode(stripped).Pixels.ShouldBe(ImageDecoder.Decode(jpeg).Pixels);
    }

    [Fact]
    public void Scan_data_is_copied_whole_through_stuffed_bytes_restart_markers_and_fill()
    {
        byte[] tables = [0xFF, 0xDB, 0, 4, 0xAA, 0xBB, 0xFF, 0xC0, 0, 3, 0xCC];
        byte[] scan = [0xFF, 0xDA, 0, 3, 0xDD, 0x12, 0xFF, 0x00, 0x34, 0xFF, 0xD3, 0x56, 0xFF, 0xFF, 0x00, 0x78];
        byte[] jpeg = [0xFF, 0xD8, .. Segment(0xE1, "Exif\0\0secret"u8.ToArray()), .. tables, .. scan, 0xFF, 0xFF, 0xD9, 1, 2, 3];

        JpegMetadata.TryStrip(jpeg, out var stripped).ShouldBeTrue();

        byte[] expected = [0xFF, 0xD8, .. tables, .. scan, 0xFF, 0xD9];
        stripped.ShouldBe(expected);
    }

    [Theory]
    [InlineData("not a jpeg")]
    [InlineData("truncated")]
    [InlineData("no scan")]
    [InlineData("unknown marker")]
    [InlineData("segment past the end")]
    public void What_it_cannot_rewrite_is_refused(string kind)
    {
        var jpeg = TestImages.Encode(32, 32, c => c.Clear(SKColors.Gray), SKEncodedImageFormat.Jpeg);
        byte[] bytes = kind switch
        {
            "not a jpeg" => TestImages.Encode(8, 8, c => c.Clear(SKColors.Red)),
            "truncated" => jpeg[..(jpeg.Length / 2)],
            "no scan" => [0xFF, 0xD8, 0xFF, 0xDB, 0, 3, 0, 0xFF, 0xD9],
            "unknown marker" => Insert(jpeg, [0xFF, 0xF1, 0, 2]),
            _ => [0xFF, 0xD8, 0xFF, 0xE1, 0x40, 0x00, 1, 2, 3],
        };

        JpegMetadata.TryStrip(bytes, out _).ShouldBeFalse();
    }

    private static byte[] Segment(byte code, byte[] payload) =>
        [0xFF, code, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2), .. payload];

    /// <summary>Inserts segments right after SOI.</summary>
    private static byte[] Insert(byte[] jpeg, params byte[][] segments) => [0xFF, 0xD8, .. segments.SelectMany(s => s), .. jpeg.AsSpan(2)];

    private static byte[] WithoutJfif(byte[] jpeg)
    {
        if (jpeg[2] != 0xFF || jpeg[3] != 0xE0)
        {
            return jpeg;
        }

        var length = (jpeg[4] << 8) | jpeg[5];
        return [0xFF, 0xD8, .. jpeg.AsSpan(4 + length)];
    }
}
