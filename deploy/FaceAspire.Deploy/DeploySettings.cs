using System.Globalization;
using Amazon.CDK;

namespace FaceAspire.Deploy;

/// <summary>
/// Synthesis-time settings: the sizes that shape the template (context values, <c>-c key=value</c>), each with a
/// default for a small production deployment. Values that differ per account (domain, hosted zone, e-mail addresses,
/// release) are CloudFormation parameters instead, given at deploy time.
/// </summary>
public sealed record DeploySettings(
    string InstanceType,
    int MinInstances,
    int MaxInstances,
    string DatabaseInstanceType,
    int DatabaseStorageGiB,
    int NatGateways,
    IReadOnlyList<string> ExtraAdminEmails)
{
    /// <summary>Analysis jobs one instance is expected to work through within an acceptable wait (backlog target).</summary>
    public int JobBacklogPerInstance { get; init; } = 20;

    /// <summary>Graviton (arm64) instance types carry a <c>g</c> after the generation digit: t4g, m7g, c7g.</summary>
    public bool IsArm64 => InstanceType.Split('.')[0] is var family && family.Length > 2 && family[^1] == 'g' && char.IsDigit(family[^2]);

    /// <summary>The .NET runtime identifier of the published bundle and Lambda zip for <see cref="InstanceType"/>.</summary>
    public string Architecture => IsArm64 ? "arm64" : "x64";

    public static DeploySettings From(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var settings = new DeploySettings(
            Text(app, "instanceType", "t4g.medium"),
            Number(app, "minInstances", 2),
            Number(app, "maxInstances", 6),
            Text(app, "databaseInstanceType", "t4g.small"),
            Number(app, "databaseStorageGiB", 20),
            Number(app, "natGateways", 2),
            Text(app, "adminEmails", "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        if (settings.MinInstances < 1 || settings.MaxInstances < settings.MinInstances)
        {
            throw new ArgumentException($"minInstances ({settings.MinInstances}) must be at least 1 and at most maxInstances ({settings.MaxInstances}).");
        }

        if (settings.NatGateways is < 1 or > 2)
        {
            throw new ArgumentException("natGateways must be 1 (one shared NAT gateway) or 2 (one per availability zone).");
        }

        if (settings.DatabaseStorageGiB < 20)
        {
            throw new ArgumentException("databaseStorageGiB must be at least 20 (the RDS minimum for gp3).");
        }

        return settings;
    }

    private static string Text(App app, string key, string fallback) =>
        app.Node.TryGetContext(key) is string value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : fallback;

    private static int Number(App app, string key, int fallback)
    {
        var value = app.Node.TryGetContext(key);
        return value switch
        {
            null => fallback,
            double number => (int)number,
            string text when int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) => parsed,
            _ => throw new ArgumentException($"Context value {key} must be a whole number, not '{value}'."),
        };
    }
}
