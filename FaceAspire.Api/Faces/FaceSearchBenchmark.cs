using System.Diagnostics;
using System.Globalization;
using System.Security.Claims;
using FaceAspire.Api.Accounts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Photos;
using FaceAspire.ServiceDefaults.Authentication;
using FaceAspire.Vision.Attributes;
using FaceAspire.Vision.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using NpgsqlTypes;

namespace FaceAspire.Api.Faces;

/// <summary>
/// <c>FaceAspire.Api bench-face-search [--faces 10000,100000] [--searches 200]</c>: for each size, gives a new
/// account that many faces (random unit descriptors, 4 faces per photo) in the configured database, then times the
/// face search endpoint's handler (<see cref="SearchEndpoints.SearchByFaceAsync"/>: version check, index, exact
/// search, answer) for random faces, after one first search that loads the index. Prints the load time, the index's
/// managed memory (heap growth across the load) and p50/p99 search latency; the account is deleted afterwards.
/// </summary>
internal static class FaceSearchBenchmark
{
    private const int FacesPerPhoto = 4;

    public static async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> arguments, CancellationToken cancellationToken)
    {
        var sizes = Option(arguments, "--faces", "10000,100000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToList();
        var searches = int.Parse(Option(arguments, "--searches", "200"), CultureInfo.InvariantCulture);
        Console.WriteLine($"face search benchmark: {Environment.ProcessorCount} logical processors, {searches} searches per size, threshold 80, up to 100 results");
        foreach (var size in sizes)
        {
            await RunSizeAsync(services, size, searches, cancellationToken);
        }

        return 0;
    }

    private static async Task RunSizeAsync(IServiceProvider services, int faces, int searches, CancellationToken cancellationToken)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FaceAspireDbContext>();
        // Seeding and deleting 100,000 rows (with their triggers) take longer than a request's command timeout.
        db.Database.SetCommandTimeout(TimeSpan.FromMinutes(10));
        var index = new FaceIndex(Microsoft.Extensions.Options.Options.Create(new FacesOptions()), TimeProvider.System, services.GetRequiredService<IFaceEngine>());
        var matcher = new LocalFaceMatcher(services.GetRequiredService<IFaceEngine>(), index);
        var owner = new User { Email = $"bench-{Guid.NewGuid():N}@faceaspire.invalid", PasswordHash = "!", CreatedAt = DateTimeOffset.UtcNow };
        db.Users.Add(owner);
        await db.SaveChangesAsync(cancellationToken);
        try
        {
            var seeded = Stopwatch.StartNew();
            var faceIds = await SeedAsync(db, owner.Id, faces, cancellationToken);
            Console.WriteLine($"{faces} faces: seeded in {seeded.Elapsed.TotalSeconds:0.0} s");

            var context = new DefaultHttpContext
            {
                User = new ClaimsPrincipal(new ClaimsIdentity([new Claim(AccessTokenDefaults.SubjectClaim, owner.Id.ToString())], "bench")),
            };
            var random = new Random(7);
            // A first search warms up the queries; the index is then dropped, so the next one measures the load alone.
            await SearchAsync(faceIds[0]);
            index.Forget(owner.Id);
            var load = Stopwatch.StartNew();
            await SearchAsync(faceIds[0]);
            load.Stop();
            // The index's memory: the managed heap and working set once it is loaded (into a second, empty FaceIndex),
            // less both before.
            var (heapWithout, setWithout) = Measure();
            var measured = new FaceIndex(Microsoft.Extensions.Options.Options.Create(new FacesOptions()), TimeProvider.System, services.GetRequiredService<IFaceEngine>());
            var counted = (await measured.GetAsync(db, owner.Id, cancellationToken)).ApproximateBytes;
            var (heapWith, setWith) = Measure();
            GC.KeepAlive(measured);

            var times = new List<double>(searches);
            for (var i = 0; i < searches; i++)
            {
                var started = Stopwatch.GetTimestamp();
                await SearchAsync(faceIds[random.Next(faceIds.Count)]);
                times.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }

            times.Sort();
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{faces} faces: first search (loads the index) {load.Elapsed.TotalMilliseconds:0} ms; index memory {(heapWith - heapWithout) / 1e6:0.0} MB managed heap, {(setWith - setWithout) / 1e6:0.0} MB working set ({counted / 1e6:0.0} MB in its arrays); search p50 {Percentile(times, 0.50):0.00} ms, p99 {Percentile(times, 0.99):0.00} ms over {searches} searches"));

            async Task SearchAsync(Guid faceId)
            {
                var result = await SearchEndpoints.SearchByFaceAsync(faceId, new SearchRequest(null, null), context, db, matcher, cancellationToken);
                if (result.Result is not Ok<SearchFacesResponse>)
                {
                    throw new InvalidOperationException($"The search for face {faceId} did not succeed: {result.Result}");
                }
            }
        }
        finally
        {
            await db.Users.Where(u => u.Id == owner.Id).ExecuteDeleteAsync(CancellationToken.None);
        }
    }

    // Photos and their succeeded jobs in SQL, faces by binary COPY: the same rows analyses write.
    private static async Task<List<Guid>> SeedAsync(FaceAspireDbContext db, Guid owner, int faces, CancellationToken cancellationToken)
    {
        var engineVersion = FaceAspire.Vision.Pipeline.FaceAnalyzer.EngineVersion;
        var photos = Enumerable.Range(0, (faces + FacesPerPhoto - 1) / FacesPerPhoto).Select(_ => Guid.CreateVersion7()).ToList();
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in photos.Chunk(1000))
        {
            db.Photos.AddRange(chunk.Select(id => new Photo
            {
                Id = id, OwnerId = owner, FileName = "bench.jpg", ContentType = "image/jpeg", Width = 1, Height = 1, Sha256 = "0",
                OriginalKey = "bench", DisplayKey = "bench", ThumbnailKey = "bench", CreatedAt = now,
            }));
            db.AnalysisJobs.AddRange(chunk.Select(id => new AnalysisJob
            {
                PhotoId = id, Status = AnalysisStatus.Succeeded, EngineVersion = engineVersion, RequestedAt = now, AvailableAt = now, CompletedAt = now,
            }));
            await db.SaveChangesAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.OpenConnectionAsync(cancellationToken);
        var ids = new List<Guid>(faces);
        var random = new Random(11);
        var vector = new float[AlignedFaceEmbedder.DescriptorSize];
        await using (var writer = await connection.BeginBinaryImportAsync(
            """COPY photo_faces ("Id", "PhotoId", "EngineVersion", "FaceIndex", "Confidence", "BoxLeft", "BoxTop", "BoxWidth", "BoxHeight", "Detail", "Embedding", "PersonLocked") FROM STDIN (FORMAT BINARY)""",
            cancellationToken))
        {
            // Each row fires the index-version trigger; 100,000 of them outlast the default 30 s.
            writer.Timeout = TimeSpan.FromMinutes(10);
            for (var i = 0; i < faces; i++)
            {
                for (var d = 0; d < vector.Length; d++)
                {
                    vector[d] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
                }

                System.Numerics.Tensors.TensorPrimitives.Divide(vector, System.Numerics.Tensors.TensorPrimitives.Norm<float>(vector), vector);
                var id = Guid.CreateVersion7();
                ids.Add(id);
                await writer.StartRowAsync(cancellationToken);
                await writer.WriteAsync(id, NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(photos[i / FacesPerPhoto], NpgsqlDbType.Uuid, cancellationToken);
                await writer.WriteAsync(engineVersion, NpgsqlDbType.Varchar, cancellationToken);
                await writer.WriteAsync(i % FacesPerPhoto, NpgsqlDbType.Integer, cancellationToken);
                foreach (var value in (float[])[99f, 0.1f, 0.1f, 0.2f, 0.2f])
                {
                    await writer.WriteAsync(value, NpgsqlDbType.Real, cancellationToken);
                }

                await writer.WriteAsync("{}", NpgsqlDbType.Jsonb, cancellationToken);
                await writer.WriteAsync(EmbeddingCodec.Encode(vector), NpgsqlDbType.Bytea, cancellationToken);
                await writer.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
            }

            await writer.CompleteAsync(cancellationToken);
        }

        await db.Database.CloseConnectionAsync();
        return ids;
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        return (heap, process.WorkingSet64);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Option(IReadOnlyList<string> arguments, string name, string fallback)
    {
        var at = arguments.ToList().IndexOf(name);
        return at >= 0 && at + 1 < arguments.Count ? arguments[at + 1] : fallback;
    }
}
