using Amazon.CDK.AWS.EC2;
using Constructs;

namespace FaceAspire.Deploy;

/// <summary>
/// The VPC over two availability zones (public: load balancer and NAT gateways; private with egress: instances and the
/// alert function; isolated: the database), an S3 gateway endpoint, and the security groups whose rules are the whole
/// network policy: the load balancer takes 443 and 80 from anywhere, the instances take traffic only from the load
/// balancer, the database only from the instances and the alert function, and nothing accepts SSH.
/// </summary>
public sealed class Network : Construct
{
    public const int WebPort = 8080;
    public const int PostgresPort = 5432;
    public const int SesSmtpPort = 587;

    public Network(Construct scope, string id, DeploySettings settings)
        : base(scope, id)
    {
        Vpc = new Vpc(this, "Vpc", new VpcProps
        {
            IpAddresses = IpAddresses.Cidr("10.40.0.0/16"),
            MaxAzs = 2,
            NatGateways = settings.NatGateways,
            SubnetConfiguration =
            [
                new SubnetConfiguration { Name = "public", SubnetType = SubnetType.PUBLIC, CidrMask = 24 },
                new SubnetConfiguration { Name = "app", SubnetType = SubnetType.PRIVATE_WITH_EGRESS, CidrMask = 22 },
                new SubnetConfiguration { Name = "data", SubnetType = SubnetType.PRIVATE_ISOLATED, CidrMask = 24 },
            ],
            // Photo and artifact traffic to S3 stays on the AWS network and costs no NAT processing.
            GatewayEndpoints = new Dictionary<string, IGatewayVpcEndpointOptions>
            {
                ["S3"] = new GatewayVpcEndpointOptions { Service = GatewayVpcEndpointAwsService.S3 },
            },
        });

        LoadBalancer = Group("LoadBalancerSecurityGroup", "FaceAspire load balancer: HTTPS and HTTP (redirected) from anywhere");
        LoadBalancer.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS from anywhere");
        LoadBalancer.AddIngressRule(Peer.AnyIpv4(), Port.Tcp(80), "HTTP from anywhere, redirected to HTTPS");

        Instances = Group("InstanceSecurityGroup", "FaceAspire web and API instances: only from the load balancer");
        Instances.AddIngressRule(LoadBalancer, Port.Tcp(WebPort), "Web front end from the load balancer");
        LoadBalancer.AddEgressRule(Instances, Port.Tcp(WebPort), "To the web front end on the instances");

        AlertFunction = Group("AlertFunctionSecurityGroup", "FaceAspire alert function (Lambda): accepts nothing");

        Database = Group("DatabaseSecurityGroup", "FaceAspire PostgreSQL: only from the instances and the alert function");
        foreach (var (client, name) in new[] { (Instances, "instances"), (AlertFunction, "alert function") })
        {
            Database.AddIngressRule(client, Port.Tcp(PostgresPort), $"PostgreSQL from the {name}");
            client.AddEgressRule(Database, Port.Tcp(PostgresPort), "To PostgreSQL");
            // AWS APIs (SNS, SQS, Secrets Manager, S3 through the endpoint) and package repositories.
            client.AddEgressRule(Peer.AnyIpv4(), Port.Tcp(443), "HTTPS to AWS APIs");
        }

        AlertFunction.AddEgressRule(Peer.AnyIpv4(), Port.Tcp(SesSmtpPort), "SMTP with STARTTLS to Amazon SES");
    }

    public Vpc Vpc { get; }

    public SecurityGroup LoadBalancer { get; }

    public SecurityGroup Instances { get; }

    public SecurityGroup AlertFunction { get; }

    public SecurityGroup Database { get; }

    public static SubnetSelection PublicSubnets => new() { SubnetType = SubnetType.PUBLIC };

    public static SubnetSelection PrivateSubnets => new() { SubnetType = SubnetType.PRIVATE_WITH_EGRESS };

    public static SubnetSelection IsolatedSubnets => new() { SubnetType = SubnetType.PRIVATE_ISOLATED };

    // No group allows all outbound traffic: each egress rule above is one a component needs.
    private SecurityGroup Group(string id, string description) =>
        new(this, id, new SecurityGroupProps { Vpc = Vpc, Description = description, AllowAllOutbound = false });
}
