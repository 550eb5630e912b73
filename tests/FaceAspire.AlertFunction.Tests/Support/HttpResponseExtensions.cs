using System.Net.Http.Json;
using System.Text.Json;
using FaceAspire.AlertFunction.Contracts;
using FaceAspire.AlertFunction.Http;

namespace FaceAspire.AlertFunction.Tests.Support;

internal static class HttpResponseExtensions
{
    public static async Task<AlertReceipt> ReadReceiptAsync(this HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<AlertReceipt>(AlertJson.Options, TestContext.Current.CancellationToken)).ShouldNotBeNull();

    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        return await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
    }
}
