using System.Diagnostics;

namespace FaceAspire.Api.Tests.Rekognition;

/// <summary>The AWS SDK for JavaScript v3 from npm, unmodified, runs every operation against the API (rekognition-sdk.mjs).</summary>
[Collection(nameof(RekognitionApiCollection))]
public sealed class RekognitionSdkTests(RekognitionApiFactory factory) : ApiTest<RekognitionApiFactory>(factory)
{
    [Fact]
    public async Task The_javascript_sdk_runs_every_operation()
    {
        var user = await Factory.NewUserAsync();
        var folder = Directory.CreateTempSubdirectory("faceaspire-sdk-").FullName;
        try
        {
            var group = Path.Combine(folder, "group.jpg");
            var single = Path.Combine(folder, "single.jpg");
            await File.WriteAllBytesAsync(group, TestImages.SampleFace(1), Cancellation);
            await File.WriteAllBytesAsync(single, TestImages.SampleFace(3), Cancellation);
            var start = new ProcessStartInfo("node")
            {
                ArgumentList =
                {
                    Path.Combine(RepositoryRoot.Path, "tests", "FaceAspire.Api.Tests", "Rekognition", "rekognition-sdk.mjs"),
                    Factory.Endpoint.ToString().TrimEnd('/'),
                    group,
                    single,
                },
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["AWS_ACCESS_KEY_ID"] = user.Key.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = user.Key.SecretAccessKey },
            };
            using var node = Process.Start(start)!;
            var output = node.StandardOutput.ReadToEndAsync(Cancellation);
            var error = node.StandardError.ReadToEndAsync(Cancellation);
            await node.WaitForExitAsync(Cancellation).WaitAsync(TimeSpan.FromMinutes(2), Cancellation);
            node.ExitCode.ShouldBe(0, await error);
            (await output).Trim().ShouldBe("ok");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
