using System.Text;
using FaceAspire.Api.Accounts;

namespace FaceAspire.Api.Infrastructure.Commands;

/// <summary>
/// One-shot commands run by the same executable instead of serving HTTP:
/// <c>migrate</c> (apply migrations with retries; the AppHost and deployments run it before the API) and
/// <c>create-admin --email X</c> (creates the administrator), <c>create-admin --promote --email X</c> (promotes an
/// existing account, proving its current password; the password comes from <c>FACEASPIRE_ADMIN_PASSWORD</c> or
/// standard input) and <c>bench-face-search [--faces N,M] [--searches K]</c> (see <see cref="Faces.FaceSearchBenchmark"/>).
/// </summary>
internal sealed record ApiCommand(string Name, IReadOnlyList<string> Arguments)
{
    public const string PasswordVariable = "FACEASPIRE_ADMIN_PASSWORD";
    private static readonly string[] Known = ["migrate", "create-admin", "bench-face-search"];

    /// <summary>The command named by the first argument, or null to run the web server.</summary>
    public static ApiCommand? Parse(string[] args) =>
        args.Length > 0 && Known.Contains(args[0], StringComparer.Ordinal) ? new ApiCommand(args[0], args[1..]) : null;

    public async Task<int> RunAsync(WebApplication app)
    {
        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = true;
            cancellation.Cancel();
        };
        try
        {
            return Name switch
            {
                "migrate" => await MigrateAsync(app, cancellation.Token),
                "bench-face-search" => await Faces.FaceSearchBenchmark.RunAsync(app.Services, Arguments, cancellation.Token),
                _ => await CreateAdminAsync(app, cancellation.Token),
            };
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            await Console.Error.WriteLineAsync($"{Name} failed: {ex.Message}");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(WebApplication app, CancellationToken cancellationToken)
    {
        await app.Services.GetRequiredService<MigrationRunner>().MigrateAsync(cancellationToken);
        return 0;
    }

    private async Task<int> CreateAdminAsync(WebApplication app, CancellationToken cancellationToken)
    {
        var emailIndex = Arguments.ToList().IndexOf("--email");
        if (emailIndex < 0 || emailIndex + 1 >= Arguments.Count)
        {
            await Console.Error.WriteLineAsync(
                $"Usage: create-admin [--promote] --email <address>   (password from {PasswordVariable} or standard input;"
                + " with --promote, the existing account's current password)");
            return 2;
        }

        var password = Environment.GetEnvironmentVariable(PasswordVariable) ?? ReadPassword();
        await using var scope = app.Services.CreateAsyncScope();
        var admins = scope.ServiceProvider.GetRequiredService<AdminAccounts>();
        var email = Arguments[emailIndex + 1];
        var outcome = Arguments.Contains("--promote")
            ? await admins.PromoteAsync(email, password, cancellationToken)
            : await admins.CreateAdminAsync(email, password, cancellationToken);
        await Console.Out.WriteLineAsync($"Administrator {EmailAddress.Normalize(Arguments[emailIndex + 1])}: {outcome}");
        return 0;
    }

    private static string? ReadPassword()
    {
        if (Console.IsInputRedirected)
        {
            return Console.In.ReadLine();
        }

        Console.Write("Password: ");
        var password = new StringBuilder();
        // Read key by key without echo so the password never shows on screen.
        for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
        {
            if (key.Key == ConsoleKey.Backspace && password.Length > 0)
            {
                password.Length--;
            }
            else if (!char.IsControl(key.KeyChar))
            {
                password.Append(key.KeyChar);
            }
        }

        Console.WriteLine();
        return password.ToString();
    }
}
