using FaceAspire.Web.Hosting;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails();
builder.AddApiProxy();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseExceptionHandler();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

app.UseSecurityHeaders();
app.UseStatusCodePages();
app.UseClientAppStaticFiles();

app.MapDefaultEndpoints();
app.MapApiProxy();
app.MapClientAppFallback();

await app.RunAsync();

/// <summary>Entry point of the web front end: the Vue app and a same-origin proxy to the API.</summary>
public partial class Program;
