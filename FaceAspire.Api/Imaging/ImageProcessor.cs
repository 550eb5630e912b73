using FaceAspire.Vision.Imaging;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Imaging;

/// <summary>An upload proven to be a whole image, turned upright and stored without metadata.</summary>
/// <param name="Format">Format of the original, from its bytes.</param>
/// <param name="Pixels">The upright pixels of the original.</param>
/// <param name="Display">JPEG of the full upright image, no metadata.</param>
/// <param name="Thumbnail">Small JPEG for galleries, no metadata.</param>
/// <param name="DisplayDecodesToPixels">
/// Whether decoding <paramref name="Display"/> gives exactly <paramref name="Pixels"/>: the display image is the
/// original JPEG's own compressed data without its metadata, not a re-encode.
/// </param>
public sealed record ProcessedImage(ImageFormat Format, RgbImage Pixels, byte[] Display, byte[] Thumbnail, bool DisplayDecodesToPixels)
{
    /// <summary>Width after orientation.</summary>
    public int Width => Pixels.Width;

    /// <summary>Height after orientation.</summary>
    public int Height => Pixels.Height;
}

/// <summary>
/// Turns an upload into its stored derivatives. Reading the bytes is the engine's one decode policy
/// (<see cref="ImageDecoder"/>: format from the bytes, pixel cap from the header before any pixel is decoded, whole
/// decode so a truncated file is refused, EXIF orientation, translucency over white) with the configured cap. A JPEG
/// stored upright keeps its own compressed data as the display image, with every metadata segment removed
/// (<see cref="JpegMetadata"/>: no EXIF, GPS included, survives, and no generation of JPEG loss is added); any other
/// upload (PNG, WebP, a JPEG that EXIF turns) is re-encoded from its upright pixels. The thumbnail is always
/// re-encoded. The analysis reads the display image with the same decoder and cap.
/// </summary>
public sealed class ImageProcessor(IOptions<ImagingOptions> options)
{
    /// <summary>The configured pixel cap, for every decode of a stored image.</summary>
    public long MaxPixels => options.Value.MaxPixels;

    /// <summary>Processes <paramref name="data"/> or throws <see cref="ImageRejectedException"/>.</summary>
    public ProcessedImage Process(ReadOnlySpan<byte> data)
    {
        var settings = options.Value;
        var image = Read(data);
        var display = image.Format == ImageFormat.Jpeg && image.StoredUpright && JpegMetadata.TryStrip(data, out var stripped) ? stripped : null;
        using var bitmap = ImageEncoder.ToBitmap(image.Pixels);
        return new ProcessedImage(
            image.Format,
            image.Pixels,
            display ?? ImageEncoder.EncodeJpeg(bitmap, settings.DisplayQuality),
            ImageEncoder.EncodeThumbnail(bitmap, settings.ThumbnailSize, settings.ThumbnailQuality),
            DisplayDecodesToPixels: display is not null);
    }

    /// <summary>Decodes a stored image (a display image) under the same policy and cap as an upload.</summary>
    /// <exception cref="ImageDecodeException">The stored bytes are not a readable image.</exception>
    public RgbImage DecodeStored(ReadOnlySpan<byte> data) => ImageDecoder.Decode(data, options.Value.MaxPixels);

    /// <summary>
    /// <paramref name="data"/> as it is when it is a JPEG or PNG of at most <paramref name="maxBytes"/>; otherwise the
    /// same picture re-encoded as a JPEG (display quality), scaled down by a quarter of its longer side at a time until
    /// it fits. Boxes given as shares of the picture stay valid. For services with a size limit (AWS Rekognition's 5 MB).
    /// </summary>
    /// <exception cref="ImageDecodeException">The bytes are not a readable image.</exception>
    public byte[] FitWithin(byte[] data, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(data);
        var format = ImageFormatSniffer.Detect(data.AsSpan(0, Math.Min(data.Length, ImageFormatSniffer.HeaderLength)));
        if (data.Length <= maxBytes && format is ImageFormat.Jpeg or ImageFormat.Png)
        {
            return data;
        }

        using var bitmap = ImageEncoder.ToBitmap(DecodeStored(data));
        var side = Math.Max(bitmap.Width, bitmap.Height);
        while (true)
        {
            var encoded = ImageEncoder.EncodeThumbnail(bitmap, side, options.Value.DisplayQuality);
            if (encoded.Length <= maxBytes || side <= 64)
            {
                return encoded;
            }

            side = side * 3 / 4;
        }
    }

    private DecodedImage Read(ReadOnlySpan<byte> data)
    {
        try
        {
            return ImageDecoder.Read(data, options.Value.MaxPixels);
        }
        catch (ImageDecodeException ex)
        {
            throw ex.Reason switch
            {
                ImageDecodeFailure.UnsupportedFormat or ImageDecodeFailure.Empty =>
                    ImageRejectedException.Unsupported("Only JPEG, PNG and WebP images are accepted; the content is none of these."),
                ImageDecodeFailure.TooManyPixels => ImageRejectedException.TooManyPixels(ex.Message),
                _ => ImageRejectedException.Invalid(ex.Message),
            };
        }
    }
}
