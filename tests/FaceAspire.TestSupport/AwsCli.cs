using System.Diagnostics;
using System.Text.Json;

namespace FaceAspire.TestSupport;

/// <summary>The result of one AWS CLI command: exit code, the JSON it printed (if any) and its error output.</summary>
public sealed record AwsCliResult(int ExitCode, string Output, string Error)
{
    public JsonElement Json => JsonDocument.Parse(Output).RootElement.Clone();

    /// <summary>The AWS error name in the CLI's message, e.g. <c>InvalidSignatureException</c>.</summary>
    public string? ErrorName =>
        Error.IndexOf("An error occurred (", StringComparison.Ordinal) is var start and >= 0
            ? Error[(start + 19)..Error.IndexOf(')', start)]
            : null;
}

/// <summary>
/// Debian's AWS CLI v2 (<c>/usr/bin/aws</c>, the <c>awscli</c> package that <c>.ci/run</c> installs), run against a
/// FaceAspire endpoint with an access key in the environment and no configuration files, as a user would run it.
/// </summary>
public sealed class AwsCli(Uri endpoint, string accessKeyId, string secretAccessKey, string region = "us-east-1")
{
    public const string Executable = "/usr/bin/aws";

    public async Task<AwsCliResult> RunAsync(params string[] arguments)
    {
        if (!File.Exists(Executable))
        {
            throw new InvalidOperationException($"{Executable} is missing: install Debian's awscli package (apt-get install awscli).");
        }

        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--endpoint-url");
        start.ArgumentList.Add(endpoint.ToString().TrimEnd('/'));
        start.ArgumentList.Add("--output");
        start.ArgumentList.Add("json");
        var none = Path.Combine(Path.GetTempPath(), $"faceaspire-no-aws-config-{Guid.NewGuid():N}");
        start.Environment["AWS_ACCESS_KEY_ID"] = accessKeyId;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = secretAccessKey;
        start.Environment["AWS_DEFAULT_REGION"] = region;
        start.Environment["AWS_CONFIG_FILE"] = none;
        start.Environment["AWS_SHARED_CREDENTIALS_FILE"] = none;
        start.Environment["AWS_EC2_METADATA_DISABLED"] = "true";
        start.Environment["AWS_PAGER"] = string.Empty;
        start.Environment["AWS_MAX_ATTEMPTS"] = "1";
        start.Environment.Remove("AWS_SESSION_TOKEN");
        start.Environment.Remove("AWS_PROFILE");

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{Executable} could not be started.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"aws {string.Join(' ', arguments)} did not finish in 90 s.");
        }

        return new AwsCliResult(process.ExitCode, await output, await error);
    }
}
