using FaceAspire.Api.Accounts;
using FaceAspire.Api.Alerts;
using FaceAspire.Api.Analysis;
using FaceAspire.Api.Faces;
using FaceAspire.Api.Infrastructure;
using FaceAspire.Api.Infrastructure.Commands;
using FaceAspire.Api.Limits;
using FaceAspire.Api.Photos;
using FaceAspire.Api.Privacy;
using FaceAspire.Api.Rekognition;
using FaceAspire.Api.Reviews;
using FaceAspire.Api.Storage;

var command = ApiCommand.Parse(args);
var builder = WebApplication.CreateBuilder(command is null ? args : []);

builder.AddServiceDefaults();
builder.AddInfrastructure();
builder.AddStorage();
builder.AddAccounts();
builder.AddPhotos();
builder.AddAnalysis();
builder.AddFaces();
builder.AddAlerts();
builder.AddReviews();
builder.AddPrivacy();
builder.AddRekognition();
builder.AddLimits();
builder.AddHttpDefaults();

var app = builder.Build();
if (command is not null)
{
    return await command.RunAsync(app);
}

app.UseForwardedHeaders();
app.UseHttpDefaults();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();

app.MapApiReference();
app.MapDefaultEndpoints();
app.MapAuthApi();
app.MapMeApi();
app.MapPrivacyApi();
app.MapPhotosApi();
app.MapAnalysisApi();
app.MapFacesApi();
app.MapReviewsApi();
app.MapAccessKeysApi();
app.MapRekognitionApi();

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to integration tests.</summary>
public partial class Program;
