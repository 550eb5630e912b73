using FaceAspire.AlertFunction;
using FaceAspire.AlertFunction.Http;
using FaceAspire.AlertFunction.Lambda;

// On AWS Lambda (custom runtime) the same executable serves SNS and SQS events instead of HTTP.
var runtimeApi = Environment.GetEnvironmentVariable(LambdaRuntimeClient.RuntimeApiVariable);
if (!string.IsNullOrEmpty(runtimeApi))
{
    return await LambdaFunctionHost.RunAsync(args, runtimeApi);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddAlertDelivery();
builder.AddAlertsApi();

var app = builder.Build();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapAlertsApi();
await app.RunAsync();
return 0;

/// <summary>Entry point, visible to integration tests.</summary>
public partial class Program;
