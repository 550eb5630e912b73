using Amazon.CDK;
using Amazon.CDK.AWS.AutoScaling;
using Amazon.CDK.AWS.CertificateManager;
using Amazon.CDK.AWS.EC2;
using Amazon.CDK.AWS.ElasticLoadBalancingV2;
using Amazon.CDK.AWS.IAM;
using Amazon.CDK.AWS.Route53;
using Amazon.CDK.AWS.Route53.Targets;
using Constructs;
using ElbHealthCheck = Amazon.CDK.AWS.ElasticLoadBalancingV2.HealthCheck;
using BlockDevice = Amazon.CDK.AWS.EC2.BlockDevice;
using BlockDeviceVolume = Amazon.CDK.AWS.EC2.BlockDeviceVolume;
using EbsDeviceOptions = Amazon.CDK.AWS.EC2.EbsDeviceOptions;
using EbsDeviceVolumeType = Amazon.CDK.AWS.EC2.EbsDeviceVolumeType;
using InstanceType = Amazon.CDK.AWS.EC2.InstanceType;

namespace FaceAspire.Deploy;

/// <summary>
/// The internet-facing Application Load Balancer (HTTPS with an ACM certificate validated through Route 53, a TLS 1.3
/// policy, HTTP redirected to HTTPS, the domain's alias record) in front of an Auto Scaling group of Amazon Linux 2023
/// instances in the private subnets that run the web front end and the API as systemd services.
/// </summary>
public sealed class WebTier : Construct
{
    public WebTier(Construct scope, string id, WebTierProps props)
        : base(scope, id)
    {
        var settings = props.Settings;
        var zone = HostedZone.FromHostedZoneAttributes(this, "Zone", new HostedZoneAttributes
        {
            HostedZoneId = props.HostedZoneId,
            ZoneName = props.HostedZoneName,
        });
        var certificate = new Certificate(this, "Certificate", new CertificateProps
        {
            DomainName = props.DomainName,
            Validation = CertificateValidation.FromDns(zone),
        });

        LoadBalancer = new ApplicationLoadBalancer(this, "LoadBalancer", new ApplicationLoadBalancerProps
        {
            Vpc = props.Network.Vpc,
            VpcSubnets = Network.PublicSubnets,
            InternetFacing = true,
            SecurityGroup = props.Network.LoadBalancer,
            DropInvalidHeaderFields = true,
        });
        LoadBalancer.AddRedirect(new ApplicationLoadBalancerRedirectConfig
        {
            SourcePort = 80,
            SourceProtocol = ApplicationProtocol.HTTP,
            TargetPort = 443,
            TargetProtocol = ApplicationProtocol.HTTPS,
        });
        var https = LoadBalancer.AddListener("Https", new BaseApplicationListenerProps
        {
            Port = 443,
            Protocol = ApplicationProtocol.HTTPS,
            Certificates = [ListenerCertificate.FromCertificateManager(certificate)],
            SslPolicy = SslPolicy.RECOMMENDED_TLS,
            // The security group's rules are declared in Network, not opened implicitly here.
            Open = false,
        });
        // A trailing dot makes the name absolute, so the zone's name is not appended to the domain once more.
        _ = new ARecord(this, "Alias", new ARecordProps
        {
            Zone = zone,
            RecordName = props.DomainName + ".",
            Target = RecordTarget.FromAlias(new LoadBalancerTarget(LoadBalancer)),
        });

        var role = new Role(this, "InstanceRole", new RoleProps
        {
            AssumedBy = new ServicePrincipal("ec2.amazonaws.com"),
            Description = "FaceAspire web and API instances",
        });
        foreach (var statement in props.InstancePermissions)
        {
            role.AddToPolicy(statement);
        }

        var userData = UserData.ForLinux();
        var launchTemplate = new LaunchTemplate(this, "LaunchTemplate", new LaunchTemplateProps
        {
            InstanceType = new InstanceType(settings.InstanceType),
            MachineImage = MachineImage.LatestAmazonLinux2023(new AmazonLinux2023ImageSsmParameterProps
            {
                CpuType = settings.IsArm64 ? AmazonLinuxCpuType.ARM_64 : AmazonLinuxCpuType.X86_64,
            }),
            Role = role,
            SecurityGroup = props.Network.Instances,
            UserData = userData,
            RequireImdsv2 = true,
            BlockDevices =
            [
                new BlockDevice
                {
                    DeviceName = "/dev/xvda",
                    Volume = BlockDeviceVolume.Ebs(30, new EbsDeviceOptions { Encrypted = true, VolumeType = EbsDeviceVolumeType.GP3 }),
                },
            ],
        });
        Instances = new AutoScalingGroup(this, "Instances", new AutoScalingGroupProps
        {
            Vpc = props.Network.Vpc,
            VpcSubnets = Network.PrivateSubnets,
            LaunchTemplate = launchTemplate,
            MinCapacity = settings.MinInstances,
            MaxCapacity = settings.MaxInstances,
            HealthCheck = Amazon.CDK.AWS.AutoScaling.HealthCheck.Elb(new ElbHealthCheckOptions { Grace = Duration.Minutes(10) }),
            // A release is rolled out one instance at a time; each new instance must report a healthy start (its user
            // data signals CloudFormation) before the next old one is replaced, else the update rolls back.
            Signals = Signals.WaitForMinCapacity(new SignalsOptions { Timeout = Duration.Minutes(20) }),
            UpdatePolicy = UpdatePolicy.RollingUpdate(new RollingUpdateOptions
            {
                MaxBatchSize = 1,
                MinInstancesInService = settings.MinInstances,
                PauseTime = Duration.Minutes(20),
                WaitOnResourceSignals = true,
            }),
        });
        userData.AddCommands(props.UserDataScript);
        userData.AddSignalOnExitCommand(Instances);

        TargetGroup = https.AddTargets("Web", new AddApplicationTargetsProps
        {
            Port = Network.WebPort,
            Protocol = ApplicationProtocol.HTTP,
            Targets = [Instances],
            DeregistrationDelay = Duration.Seconds(30),
            HealthCheck = new ElbHealthCheck
            {
                Path = "/health",
                HealthyHttpCodes = "200",
                Interval = Duration.Seconds(15),
                HealthyThresholdCount = 2,
                UnhealthyThresholdCount = 3,
            },
        });

        Instances.ScaleOnCpuUtilization("CpuTarget", new CpuUtilizationScalingProps { TargetUtilizationPercent = 60 });
        Instances.ScaleOnRequestCount("RequestsPerTarget", new RequestCountScalingProps { TargetRequestsPerMinute = 600 });
    }

    public ApplicationLoadBalancer LoadBalancer { get; }

    public ApplicationTargetGroup TargetGroup { get; }

    public AutoScalingGroup Instances { get; }
}

/// <summary>What <see cref="WebTier"/> is built from; <c>UserDataScript</c> is the instances' start-up script (a signal to CloudFormation is added when it exits).</summary>
public sealed record WebTierProps(
    Network Network,
    DeploySettings Settings,
    string DomainName,
    string HostedZoneId,
    string HostedZoneName,
    IReadOnlyList<PolicyStatement> InstancePermissions,
    string UserDataScript);
