using Amazon.CDK;
using Amazon.CDK.AWS.Lambda;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SNS;
using Amazon.CDK.AWS.SNS.Subscriptions;
using Constructs;

namespace FaceAspire.Deploy;

/// <summary>
/// The alert path: the API publishes each low-confidence alert to the SNS topic with the message attribute
/// <c>kind = review-alert</c>, and each account notice (welcome, someone tried to register a taken address) with
/// <c>kind = account-notice</c>; the alert function (Lambda, <c>provided.al2023</c>) is subscribed to those and e-mails
/// the administrators, or the account's owner, through SES. The administrators' own e-mail subscriptions receive
/// everything else on the topic (the CloudWatch alarms), so nobody gets raw alert JSON in their inbox.
/// </summary>
public sealed class AlertPath : Construct
{
    /// <summary>The attribute the API sets on alert messages (FaceAspire.Api's SnsAlertSender).</summary>
    public const string KindAttribute = "kind";
    public const string ReviewAlertKind = "review-alert";
    public const string AccountNoticeKind = "account-notice";

    public AlertPath(Construct scope, string id, AlertPathProps props)
        : base(scope, id)
    {
        Topic = new Topic(this, "Topic", new TopicProps { DisplayName = "FaceAspire alerts" });
        foreach (var email in props.AdminEmails)
        {
            var subscription = Topic.AddSubscription(new EmailSubscription(email));
            // SNS filter policies have no "attribute absent" in the CDK's types; CloudFormation takes it as JSON.
            ((CfnSubscription)subscription.Node.DefaultChild!).AddPropertyOverride(
                "FilterPolicy", new Dictionary<string, object> { [KindAttribute] = new object[] { new Dictionary<string, object> { ["exists"] = false } } });
        }

        var database = props.Data.Database;
        var password = database.Secret!.SecretValueFromJson("password").UnsafeUnwrap();
        Function = new Function(this, "Function", new FunctionProps
        {
            Description = "FaceAspire alert function: e-mails administrators about photos flagged for review, and account owners their account notices",
            Runtime = Runtime.PROVIDED_AL2023,
            Architecture = props.Settings.IsArm64 ? Architecture.ARM_64 : Architecture.X86_64,
            Handler = "bootstrap",
            Code = Code.FromBucket(props.Artifacts, Fn.Join("", ["releases/", props.ReleaseVersion, $"/alert-function-lambda-{props.Settings.Architecture}.zip"])),
            MemorySize = 512,
            Timeout = Duration.Seconds(60),
            Vpc = props.Network.Vpc,
            VpcSubnets = Network.PrivateSubnets,
            SecurityGroups = [props.Network.AlertFunction],
            AllowPublicSubnet = false,
            // An alert that failed all of Lambda's asynchronous retries ends here (and raises an alarm).
            DeadLetterQueueEnabled = true,
            Environment = new Dictionary<string, string>
            {
                ["ConnectionStrings__facedb"] = Fn.Join("", [
                    "Host=", database.DbInstanceEndpointAddress, $";Port={Network.PostgresPort};Database={DataStores.DatabaseName};Username={DataStores.DatabaseUser};Password=",
                    password, ";SSL Mode=Require"]),
                ["Smtp__Host"] = Fn.Join("", ["email-smtp.", Aws.REGION, ".amazonaws.com"]),
                ["Smtp__Port"] = Network.SesSmtpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Smtp__Security"] = "StartTls",
                ["Smtp__Username"] = SmtpCredential(props.SmtpSecretName, "username"),
                ["Smtp__Password"] = SmtpCredential(props.SmtpSecretName, "password"),
                ["Smtp__From"] = props.SenderAddress,
                // Review links in alerts must lie under the application's address.
                ["AlertFunction__PublicBaseUrl"] = props.PublicBaseUrl,
            }.Concat(props.AdminEmails.Select((email, i) =>
                // Who gets alerts is the function's own setting, never the message's.
                KeyValuePair.Create($"AlertFunction__Recipients__{i}", email))).ToDictionary(),
        });
        Topic.AddSubscription(new LambdaSubscription(Function, new LambdaSubscriptionProps
        {
            FilterPolicy = new Dictionary<string, SubscriptionFilter>
            {
                [KindAttribute] = SubscriptionFilter.StringFilter(new StringConditions { Allowlist = [ReviewAlertKind, AccountNoticeKind] }),
            },
        }));
    }

    public Topic Topic { get; }

    public Function Function { get; }

    // A dynamic reference, resolved by CloudFormation at deploy time: the secret's value never appears in the template.
    private static string SmtpCredential(string secretName, string key) =>
        Fn.Join("", ["{{resolve:secretsmanager:", secretName, $":SecretString:{key}}}}}"]);
}

/// <summary>What <see cref="AlertPath"/> is built from.</summary>
public sealed record AlertPathProps(
    Network Network,
    DataStores Data,
    IBucket Artifacts,
    DeploySettings Settings,
    string ReleaseVersion,
    IReadOnlyList<string> AdminEmails,
    string SenderAddress,
    string SmtpSecretName,
    string PublicBaseUrl);
