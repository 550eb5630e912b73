using System.Diagnostics;
using System.Globalization;
using FaceAspire.Evaluation.Datasets;
using FaceAspire.Evaluation.Engines;
using FaceAspire.Evaluation.Metrics;
using FaceAspire.Vision.Calibration;
using FaceAspire.Vision.Identity;

namespace FaceAspire.Evaluation.Tasks;

/// <summary>
/// Faces across photos, measured the way the application finds them: every face's descriptor is stored as the API
/// stores it (half precision, <see cref="EmbeddingCodec"/>), searched with the API's exact index
/// (<see cref="EmbeddingMatrix"/>), thresholded with the shipped similarity calibration, and grouped with the API's
/// people clustering (<see cref="FaceClustering"/>, <see cref="FaceClusteringOptions.Default"/>).
/// <list type="bullet">
/// <item>Identification (1:N) on <c>celeba_wild_299ids/identification_split.csv</c>, validation identities: the largest
/// face of each gallery photo is indexed; a probe is right when the best match of its largest face is its identity
/// (rank-1; a probe without a found face is wrong).</item>
/// <item><c>face_recognition_examples</c> (a smoke set, never tuned on): the gallery's faces are indexed; in each probe
/// photo every face is searched at the default threshold (similarity 80); each labelled person must be found, and the
/// person who is not in the gallery must match nobody.</item>
/// <item>Clustering of all photos of the validation identities of <c>celeba_wild_299ids</c> (largest face each):
/// pairwise and BCubed F, and the number of people found next to the true number; the train side's figures are
/// printed as notes, with a sweep of the settings (they were chosen there).</item>
/// </list>
/// </summary>
public static class PeopleTask
{
    public const string Name = "people";

    private const string Examples = "face_recognition_examples";

    public static TaskReport Run(IFaceEngine engine, string evalRoot, int? limit, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(engine);
        if (engine is not FaceAspireEngine)
        {
            return new TaskReport(Name, engine.Name, [], 0, 0, double.NaN, ["The people task measures FaceAspire's own search and clustering; peers are not run."]);
        }

        var calibration = FittedCalibration.Similarity ?? throw new InvalidOperationException("The engine has no similarity calibration.");
        var started = Stopwatch.GetTimestamp();
        var clock = new EngineClock(engine);
        var images = 0;
        var rows = new List<MetricRow>();
        var notes = new List<string>();
        var cache = new Dictionary<string, IReadOnlyList<byte[]>>(StringComparer.Ordinal);

        Identification();
        GroupPhotos();
        Clustering(SplitSide.Validation, FaceClusteringOptions.Default);
        Clustering(SplitSide.Train, FaceClusteringOptions.Default);
        foreach (var cosine in (float[])[0.30f, 0.35f, 0.40f, 0.45f, 0.50f])
        {
            foreach (var minFaces in (int[])[2, 3, 4])
            {
                Clustering(SplitSide.Train, new FaceClusteringOptions(cosine, minFaces));
            }
        }
        return new TaskReport(Name, engine.Name, rows, images, Stopwatch.GetElapsedTime(started).TotalSeconds, clock.MillisecondsPerCall, notes);

        void Identification()
        {
            var samples = VerificationSets.ReadCelebaWildIdentification(evalRoot).Where(s => s.Side == SplitSide.Validation).ToList();
            var gallery = new EmbeddingMatrix(Dimensions);
            var identities = new List<string>();
            foreach (var sample in samples.Where(s => s.IsGallery))
            {
                if (Faces(sample.ImagePath).FirstOrDefault() is { } face)
                {
                    gallery.Add(EmbeddingCodec.AsHalves(face));
                    identities.Add(sample.Identity);
                }
            }

            var probes = SampleLimit.Spread(samples.Where(s => !s.IsGallery), limit);
            var right = probes.Count(p => Faces(p.ImagePath).FirstOrDefault() is { } face
                && gallery.Search(EmbeddingCodec.Decode(face), float.NegativeInfinity, 1) is [var best]
                && identities[best.Row] == p.Identity);
            rows.Add(new MetricRow(VerificationSets.CelebaWild, "identification rank-1", (double)right / probes.Count, probes.Count, ">= 0.95"));
            notes.Add($"{VerificationSets.CelebaWild} identification: gallery of {identities.Count} identities (validation side), {probes.Count} probes.");
        }

        void GroupPhotos()
        {
            var dir = Path.Combine(evalRoot, Examples);
            var table = CsvTable.Load(Path.Combine(dir, "labels.csv"));
            var (path, role, people) = (table.Column("path"), table.Column("role"), table.Column("identities_left_to_right"));
            var gallery = new EmbeddingMatrix(Dimensions);
            var identities = new List<string>();
            foreach (var row in table.Rows.Where(r => r[role] == "gallery"))
            {
                if (Faces(Path.Combine(dir, row[path])).FirstOrDefault() is { } face)
                {
                    gallery.Add(EmbeddingCodec.AsHalves(face));
                    identities.Add(row[people]);
                }
            }

            var known = identities.ToHashSet(StringComparer.Ordinal);
            var minCosine = calibration.CosineFor(SimilarityCalibration.ThresholdSimilarity);
            int expected = 0, found = 0, unknownFaces = 0, unknownMatched = 0, wrongMatches = 0, faces = 0;
            foreach (var row in table.Rows.Where(r => r[role] == "probe"))
            {
                var labelled = row[people].Split('|', StringSplitOptions.RemoveEmptyEntries);
                var matched = new HashSet<string>(StringComparer.Ordinal);
                var probeFaces = Faces(Path.Combine(dir, row[path]));
                foreach (var face in probeFaces)
                {
                    faces++;
                    if (gallery.Search(EmbeddingCodec.Decode(face), minCosine, 1) is [var best])
                    {
                        matched.Add(identities[best.Row]);
                        wrongMatches += labelled.Contains(identities[best.Row]) ? 0 : 1;
                    }
                }

                foreach (var person in labelled)
                {
                    if (known.Contains(person))
                    {
                        expected++;
                        found += matched.Contains(person) ? 1 : 0;
                    }
                    else
                    {
                        unknownFaces += probeFaces.Count;
                        unknownMatched += matched.Count;
                    }
                }
            }

            rows.Add(new MetricRow(Examples, "known people found at similarity 80", (double)found / expected, expected, "1.0"));
            rows.Add(new MetricRow(Examples, "unknown person's photos matched to anyone", unknownMatched, unknownFaces, "0"));
            rows.Add(new MetricRow(Examples, "probe faces matched to someone not in the photo", wrongMatches, faces));
            notes.Add($"{Examples}: {identities.Count} gallery faces of {known.Count} people; {found} of {expected} known people found in the probe photos; {unknownMatched} matches in the unknown person's photo(s); {wrongMatches} of {faces} probe faces matched to a person not labelled in their photo.");
        }

        void Clustering(SplitSide side, FaceClusteringOptions options)
        {
            var photos = SampleLimit.Spread(VerificationSets.ReadCelebaWildImages(evalRoot).Where(i => i.Side == side), limit);
            var matrix = new EmbeddingMatrix(Dimensions);
            var truth = new List<string>();
            var noFace = 0;
            foreach (var photo in photos)
            {
                if (Faces(photo.ImagePath).FirstOrDefault() is { } face)
                {
                    matrix.Add(EmbeddingCodec.AsHalves(face));
                    truth.Add(photo.Identity);
                }
                else
                {
                    noFace++;
                }
            }

            var next = 0;
            var labels = FaceClustering.Assign(
                matrix, [.. Enumerable.Repeat(FaceClustering.None, matrix.Count)], [.. Enumerable.Repeat(false, matrix.Count)],
                options, () => next++);
            var predicted = labels.Select(l => l == FaceClustering.None ? (int?)null : l).ToList();
            var pairwise = ClusteringMetrics.Pairwise(truth, predicted);
            var bcubed = ClusteringMetrics.BCubed(truth, predicted);
            var people = truth.Distinct(StringComparer.Ordinal).Count();
            var unassigned = predicted.Count(p => p is null);
            var summary = string.Create(
                CultureInfo.InvariantCulture,
                $"{VerificationSets.CelebaWild} clustering ({side} side, cosine {options.MinCosine}, {options.MinFaces} faces): {next} people found for {people} true; pairwise P {pairwise.Precision:0.###} R {pairwise.Recall:0.###} F {pairwise.F:0.###}; BCubed P {bcubed.Precision:0.###} R {bcubed.Recall:0.###} F {bcubed.F:0.###}; {unassigned} of {truth.Count} faces in no person; {noFace} photos without a found face left out.");
            notes.Add(summary);
            if (side == SplitSide.Validation && options == FaceClusteringOptions.Default)
            {
                rows.Add(new MetricRow(VerificationSets.CelebaWild, "clustering pairwise F", pairwise.F, truth.Count, ">= 0.90"));
                rows.Add(new MetricRow(VerificationSets.CelebaWild, "clustering BCubed F", bcubed.F, truth.Count, ">= 0.90"));
                rows.Add(new MetricRow(VerificationSets.CelebaWild, "people found", next, truth.Count, $"{people} (true)"));
            }
        }

        // The stored form of every face's descriptor, largest face first, as the API keeps them.
        IReadOnlyList<byte[]> Faces(string path)
        {
            if (!cache.TryGetValue(path, out var faces))
            {
                images++;
                faces = [.. clock.Analyze(EvalImages.Load(path), EngineOutputs.Embedding, cancellationToken)
                    .OrderByDescending(f => f.RelativeArea)
                    .Select(f => EmbeddingCodec.Encode(f.Embedding!))];
                cache[path] = faces;
            }

            return faces;
        }
    }

    private const int Dimensions = Vision.Attributes.AlignedFaceEmbedder.DescriptorSize;
}
