using System.Globalization;
using System.Reflection;
using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace FaceAspire.Deploy;

/// <summary>
/// FaceAspire in one AWS region. Deploy-time values are CloudFormation parameters (see docs/DEPLOY.md); sizes come
/// from <see cref="DeploySettings"/>. Every permission is spelled out with exact actions on the resources' ARNs.
/// </summary>
public sealed class FaceAspireStack : Stack
{
    public FaceAspireStack(Construct scope, string id, IBucket artifacts, DeploySettings settings, IStackProps props)
        : base(scope, id, props)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var domain = Parameter("DomainName", "The application's address, e.g. faces.example.com (in the hosted zone below)");
        var zoneId = Parameter("HostedZoneId", "ID of the Route 53 public hosted zone that holds DomainName");
        var zoneName = Parameter("HostedZoneName", "Name of that hosted zone, e.g. example.com");
        var adminEmail = Parameter("AdminEmail", "The first administrator's sign-in and the address subscribed to the alarms (it must confirm the subscription)");
        var sender = Parameter("AlertSenderAddress", "From address of alert e-mails; an identity verified in Amazon SES");
        var smtpSecret = Parameter("SmtpSecretName", "Secrets Manager secret with the SES SMTP credentials (keys username, password)", "faceaspire/ses-smtp");
        var release = Parameter("ReleaseVersion", "Release folder in the artifacts bucket (releases/VERSION/); changing it rolls the instances");
        release.AllowedPattern = "[A-Za-z0-9._-]+";

        Network = new Network(this, "Network", settings);
        Data = new DataStores(this, "Data", Network, settings);
        Alerts = new AlertPath(this, "Alerts", new AlertPathProps(
            Network, Data, artifacts, settings, release.ValueAsString,
            [adminEmail.ValueAsString, .. settings.ExtraAdminEmails], sender.ValueAsString, smtpSecret.ValueAsString,
            Fn.Join("", ["https://", domain.ValueAsString])));
        Web = new WebTier(this, "Web", new WebTierProps(
            Network, settings, domain.ValueAsString, zoneId.ValueAsString, zoneName.ValueAsString,
            InstancePermissions(artifacts),
            UserDataScript(artifacts, settings, release.ValueAsString, domain.ValueAsString, adminEmail.ValueAsString)));
        ScaleOnJobBacklog(settings);
        _ = new OperationalAlarms(this, "Alarms", this);

        Output("Url", Fn.Join("", ["https://", domain.ValueAsString]), "The application");
        Output("LoadBalancerDnsName", Web.LoadBalancer.LoadBalancerDnsName, "The load balancer (the domain's alias target)");
        Output("PhotosBucketName", Data.Photos.BucketName, "Photos and analysis results");
        Output("AlertTopicArn", Alerts.Topic.TopicArn, "Alerts and alarms");
        Output("AnalysisQueueUrl", Data.AnalysisJobs.QueueUrl, "Analysis jobs");
        Output("AnalysisDeadLetterQueueUrl", Data.AnalysisDeadLetters.QueueUrl, "Analysis jobs that failed every attempt");
        Output("DatabaseEndpoint", Data.Database.DbInstanceEndpointAddress, "PostgreSQL (reachable from the instances only)");
        Output("DatabaseSecretArn", Data.Database.Secret!.SecretArn, "PostgreSQL credentials");
        Output("InitialAdminPasswordSecretArn", Data.InitialAdminPassword.SecretArn, "Password of the first administrator (AdminEmail)");
        Output("AutoScalingGroupName", Web.Instances.AutoScalingGroupName, "The web and API instances");
    }

    public Network Network { get; }

    public DataStores Data { get; }

    public AlertPath Alerts { get; }

    public WebTier Web { get; }

    /// <summary>What the instances may do: read their release, their secrets; use the photo bucket, the job queue, the topic.</summary>
    private PolicyStatement[] InstancePermissions(IBucket artifacts) =>
    [
        Allow("ReadRelease", ["s3:GetObject"], artifacts.ArnForObjects("releases/*")),
        Allow("ReadSecrets", ["secretsmanager:GetSecretValue"], Data.Database.Secret!.SecretArn, Data.JwtSigningKey.SecretArn, Data.InitialAdminPassword.SecretArn),
        Allow("PhotoObjects", ["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], Data.Photos.ArnForObjects("*")),
        Allow("PhotoListing", ["s3:ListBucket"], Data.Photos.BucketArn),
        Allow("AnalysisJobs", ["sqs:SendMessage", "sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], Data.AnalysisJobs.QueueArn),
        Allow("PublishAlerts", ["sns:Publish"], Alerts.Topic.TopicArn),
    ];

    private static PolicyStatement Allow(string sid, string[] actions, params string[] resources) => new(new PolicyStatementProps
    {
        Sid = sid,
        Effect = Effect.ALLOW,
        Actions = actions,
        Resources = resources,
    });

    private string UserDataScript(IBucket artifacts, DeploySettings settings, string release, string domain, string adminEmail)
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("FaceAspire.Deploy.instance-user-data.sh")
            ?? throw new InvalidOperationException("The instance user data script is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return Fn.Sub(reader.ReadToEnd(), new Dictionary<string, string>
        {
            ["ReleaseVersion"] = release,
            ["Architecture"] = settings.Architecture,
            ["ArtifactsBucket"] = artifacts.BucketName,
            ["DatabaseSecretArn"] = Data.Database.Secret!.SecretArn,
            ["DatabaseName"] = DataStores.DatabaseName,
            ["JwtSecretArn"] = Data.JwtSigningKey.SecretArn,
            ["AdminEmail"] = adminEmail,
            ["AdminSecretArn"] = Data.InitialAdminPassword.SecretArn,
            ["DomainName"] = domain,
            ["PhotosBucket"] = Data.Photos.BucketName,
            ["AnalysisQueueUrl"] = Data.AnalysisJobs.QueueUrl,
            ["AnalysisLease"] = DataStores.AnalysisLease.ToString("c", CultureInfo.InvariantCulture),
            ["AnalysisMaxAttempts"] = DataStores.AnalysisMaxAttempts.ToString(CultureInfo.InvariantCulture),
            ["AlertTopicArn"] = Alerts.Topic.TopicArn,
            ["VpcCidr"] = Network.Vpc.VpcCidrBlock,
        });
    }

    /// <summary>
    /// Target tracking on analysis backlog per instance (visible jobs / in-service instances), AWS's recommended way
    /// to scale SQS consumers; the CDK has no helper for metric math targets, so this is the CloudFormation resource.
    /// </summary>
    private void ScaleOnJobBacklog(DeploySettings settings)
    {
        var groupName = Web.Instances.AutoScalingGroupName;
        _ = new CfnScalingPolicy(this, "JobBacklogPerInstance", new CfnScalingPolicyProps
        {
            AutoScalingGroupName = groupName,
            PolicyType = "TargetTrackingScaling",
            TargetTrackingConfiguration = new CfnScalingPolicy.TargetTrackingConfigurationProperty
            {
                TargetValue = settings.JobBacklogPerInstance,
                CustomizedMetricSpecification = new CfnScalingPolicy.CustomizedMetricSpecificationProperty
                {
                    Metrics = new object[]
                    {
                        Query("visible", "AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", Data.AnalysisJobs.QueueName),
                        Query("instances", "AWS/AutoScaling", "GroupInServiceInstances", "AutoScalingGroupName", groupName),
                        new CfnScalingPolicy.TargetTrackingMetricDataQueryProperty
                        {
                            Id = "backlog",
                            Expression = "visible / MAX([instances, 1])",
                            Label = "Analysis jobs waiting per instance",
                            ReturnData = true,
                        },
                    },
                },
            },
        });
    }

    private static CfnScalingPolicy.TargetTrackingMetricDataQueryProperty Query(string id, string ns, string metric, string dimension, string value) => new()
    {
        Id = id,
        ReturnData = false,
        MetricStat = new CfnScalingPolicy.TargetTrackingMetricStatProperty
        {
            Stat = id == "visible" ? "Sum" : "Average",
            Metric = new CfnScalingPolicy.MetricProperty
            {
                Namespace = ns,
                MetricName = metric,
                Dimensions = new object[] { new CfnScalingPolicy.MetricDimensionProperty { Name = dimension, Value = value } },
            },
        },
    };

    private CfnParameter Parameter(string name, string description, string? defaultValue = null) =>
        new(this, name, new CfnParameterProps { Type = "String", Description = description, Default = defaultValue, MinLength = 1 });

    private void Output(string name, string value, string description) =>
        _ = new CfnOutput(this, name, new CfnOutputProps { Value = value, Description = description });
}
