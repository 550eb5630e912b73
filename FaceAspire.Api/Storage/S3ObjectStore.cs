using System.Net;
using System.Runtime.CompilerServices;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace FaceAspire.Api.Storage;

/// <summary>Stores objects in one S3 bucket (AWS or any S3-compatible server).</summary>
public sealed class S3ObjectStore(IAmazonS3 client, string bucket) : IObjectStore
{
    public async Task PutAsync(string key, ReadOnlyMemory<byte> content, string contentType, CancellationToken cancellationToken)
    {
        using var stream = new MemoryStream(content.ToArray(), writable: false);
        await Guard(() => client.PutObjectAsync(
            new PutObjectRequest
            {
                BucketName = bucket,
                Key = ObjectKeys.Validate(key),
                InputStream = stream,
                ContentType = contentType,
                AutoCloseStream = false,
                // A plain signed body works with every S3-compatible server; aws-chunked uploads do not.
                UseChunkEncoding = false,
            },
            cancellationToken), cancellationToken);
    }

    public async Task<Stream?> OpenReadAsync(string key, CancellationToken cancellationToken)
    {
        try
        {
            var response = await Guard(() => client.GetObjectAsync(bucket, ObjectKeys.Validate(key), cancellationToken), cancellationToken);
            return response.ResponseStream;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken) =>
        Guard(() => client.DeleteObjectAsync(bucket, ObjectKeys.Validate(key), cancellationToken), cancellationToken);

    public async IAsyncEnumerable<string> ListAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var request = new ListObjectsV2Request { BucketName = bucket, Prefix = prefix };
        ListObjectsV2Response response;
        do
        {
            response = await Guard(() => client.ListObjectsV2Async(request, cancellationToken), cancellationToken);
            foreach (var item in response.S3Objects ?? [])
            {
                yield return item.Key;
            }

            request.ContinuationToken = response.NextContinuationToken;
        }
        while (response.IsTruncated == true);
    }

    /// <summary>Turns "S3 cannot serve this now" into <see cref="StorageUnavailableException"/>; other errors pass.</summary>
    private static async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call();
        }
        catch (AmazonServiceException ex) when ((int)ex.StatusCode >= 500 || ex.StatusCode == 0)
        {
            throw new StorageUnavailableException($"S3 answered {(int)ex.StatusCode}: {ex.Message}", ex);
        }
        catch (Exception ex) when (ex is HttpRequestException or System.Net.Sockets.SocketException or IOException
            || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new StorageUnavailableException($"S3 cannot be reached: {ex.GetBaseException().Message}", ex);
        }
    }
}
