using FaceAspire.Vision.Imaging;
using Microsoft.Extensions.Options;

namespace FaceAspire.Api.Analysis;

/// <summary>
/// A just-uploaded photo's display image as the upload leaves it in memory: its bytes, and its decoded pixels when they
/// are exactly what decoding the bytes gives (<see cref="Imaging.ProcessedImage.DisplayDecodesToPixels"/>).
/// </summary>
public sealed record HandedOverImage(byte[] Display, RgbImage? Pixels);

/// <summary>
/// Passes a photo's display image from the upload to an analysis worker of the same instance, so the worker that claims
/// the job here neither reads the image back from storage nor, when the display image is the upload's own JPEG data,
/// decodes it a second time: the engine gets the pixels the upload decoded, the same pixels a worker elsewhere decodes
/// from storage, so the result does not depend on which instance runs the job. Holds at most
/// <see cref="AnalysisOptions.HandoverMegabytes"/> (an upload that would pass it is not handed over) and each image
/// for <see cref="Lifetime"/> (a job claimed on another instance, or later, reads from storage as always).
/// </summary>
public sealed class UploadHandover(IOptions<AnalysisOptions> options, TimeProvider time)
{
    /// <summary>How long an image waits for a worker of this instance before it is dropped.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(60);

    private readonly Lock gate = new();
    private readonly Dictionary<Guid, (HandedOverImage Image, long Bytes, DateTimeOffset Expires)> images = [];
    private long heldBytes;
    private long taken;

    /// <summary>Bytes held now (display images and pixels).</summary>
    public long HeldBytes
    {
        get
        {
            lock (gate)
            {
                return heldBytes;
            }
        }
    }

    /// <summary>Images a worker has taken since the start (diagnostics).</summary>
    public long Taken
    {
        get
        {
            lock (gate)
            {
                return taken;
            }
        }
    }

    /// <summary>Offers <paramref name="image"/> for the job of <paramref name="photoId"/>; false when it does not fit (or handover is off).</summary>
    public bool Offer(Guid photoId, HandedOverImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        // An instance without workers (API only) never claims a job itself.
        var limit = options.Value.Workers > 0 ? (long)options.Value.HandoverMegabytes * 1024 * 1024 : 0;
        var bytes = image.Display.LongLength + (image.Pixels?.Pixels.LongLength ?? 0);
        var now = time.GetUtcNow();
        lock (gate)
        {
            DropExpired(now);
            if (heldBytes + bytes > limit || images.ContainsKey(photoId))
            {
                return false;
            }

            images[photoId] = (image, bytes, now + Lifetime);
            heldBytes += bytes;
            return true;
        }
    }

    /// <summary>The image handed over for <paramref name="photoId"/>, once; null when there is none (or it expired).</summary>
    public HandedOverImage? Take(Guid photoId)
    {
        var now = time.GetUtcNow();
        lock (gate)
        {
            if (!images.Remove(photoId, out var entry))
            {
                return null;
            }

            heldBytes -= entry.Bytes;
            if (entry.Expires <= now)
            {
                return null;
            }

            taken++;
            return entry.Image;
        }
    }

    private void DropExpired(DateTimeOffset now)
    {
        if (images.Count == 0)
        {
            return;
        }

        foreach (var (id, entry) in images)
        {
            if (entry.Expires <= now)
            {
                images.Remove(id);
                heldBytes -= entry.Bytes;
            }
        }
    }
}
