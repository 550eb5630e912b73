using System.Text.Json;

namespace FaceAspire.Api.Tests.Support;

public sealed record FaceBody(Guid Id, JsonElement Detail);

public sealed record AnalysisBody(
    Guid PhotoId, string Status, int Attempts, string? Error, string? EngineVersion,
    DateTimeOffset RequestedAt, DateTimeOffset? CompletedAt, List<FaceBody> Faces);

public static class AnalysisClientExtensions
{
    /// <summary>Polls the analysis, as the web page does, until it has finished (after <paramref name="after"/> when given).</summary>
    public static async Task<AnalysisBody> WaitForAnalysisAsync(this HttpClient client, Guid photoId, DateTimeOffset? after = null, int timeoutSeconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(timeoutSeconds);
        while (true)
        {
            var analysis = (await client.GetFromJsonAsync<AnalysisBody>($"/api/photos/{photoId}/analysis", TestContext.Current.CancellationToken))!;
            if (analysis.Status is "succeeded" or "failed" && (after is null || analysis.CompletedAt > after))
            {
                return analysis;
            }

            DateTime.UtcNow.ShouldBeLessThan(deadline, $"The analysis of {photoId} did not finish in {timeoutSeconds} s (status {analysis.Status}).");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
