namespace FaceAspire.Deploy.Tests;

/// <summary>The VPC and the security groups: every rule is listed here, so any added rule fails a test.</summary>
[Collection(TemplateCollection.Name)]
public sealed class NetworkTemplateTests(SynthesizedTemplates templates)
{
    [Fact]
    public void Vpc_spans_two_zones_with_public_private_and_isolated_subnets_two_nat_gateways_and_an_s3_endpoint()
    {
        templates.Resources("AWS::EC2::VPC").Count.ShouldBe(1);
        var subnetTypes = templates.Resources("AWS::EC2::Subnet").Select(s => SubnetType(s.Resource)).ToList();
        subnetTypes.Order().ShouldBe(["Isolated", "Isolated", "Private", "Private", "Public", "Public"]);
        var zones = templates.Resources("AWS::EC2::Subnet").Select(s => s.Resource["Properties"]!["AvailabilityZone"]!.ToJsonString()).Distinct();
        zones.Count().ShouldBe(2);
        templates.Resources("AWS::EC2::NatGateway").Count.ShouldBe(2);
        var endpoint = templates.Single("AWS::EC2::VPCEndpoint")["Properties"]!;
        endpoint["VpcEndpointType"]!.GetValue<string>().ShouldBe("Gateway");
        endpoint["ServiceName"]!.ToJsonString().ShouldContain(".s3");
    }

    [Fact]
    public void Security_group_ingress_is_exactly_the_designed_rules_and_no_ssh()
    {
        Rules("SecurityGroupIngress", "SourceSecurityGroupId").ShouldBe(
        [
            "Database <- AlertFunction tcp 5432",
            "Database <- Instances tcp 5432",
            "Instances <- LoadBalancer tcp 8080",
            "LoadBalancer <- 0.0.0.0/0 tcp 443",
            "LoadBalancer <- 0.0.0.0/0 tcp 80",
        ]);
    }

    [Fact]
    public void Security_group_egress_allows_only_what_each_component_calls()
    {
        Rules("SecurityGroupEgress", "DestinationSecurityGroupId").ShouldBe(
        [
            "AlertFunction -> 0.0.0.0/0 tcp 443",
            "AlertFunction -> 0.0.0.0/0 tcp 587",
            "AlertFunction -> Database tcp 5432",
            // The CDK's placeholder for "no egress at all": ICMP type 252 code 86 to 255.255.255.255/32.
            "Database -> 255.255.255.255/32 icmp 252",
            "Instances -> 0.0.0.0/0 tcp 443",
            "Instances -> Database tcp 5432",
            "LoadBalancer -> Instances tcp 8080",
        ]);
    }

    [Fact]
    public void Database_is_not_public_multi_az_encrypted_in_isolated_subnets_behind_its_own_group()
    {
        var database = templates.Single("AWS::RDS::DBInstance")["Properties"]!;
        database["Engine"]!.GetValue<string>().ShouldBe("postgres");
        database["PubliclyAccessible"]!.GetValue<bool>().ShouldBeFalse();
        database["MultiAZ"]!.GetValue<bool>().ShouldBeTrue();
        database["StorageEncrypted"]!.GetValue<bool>().ShouldBeTrue();
        database["DBInstanceClass"]!.GetValue<string>().ShouldBe("db.t4g.small");
        database["VPCSecurityGroups"]!.AsArray().Select(g => GroupName(g!["Fn::GetAtt"]![0]!.GetValue<string>())).ShouldBe(["Database"]);
        var subnetIds = templates.Single("AWS::RDS::DBSubnetGroup")["Properties"]!["SubnetIds"]!.AsArray().Select(s => s!["Ref"]!.GetValue<string>());
        var subnets = templates.Application["Resources"]!.AsObject();
        subnetIds.Select(id => SubnetType(subnets[id]!.AsObject())).ShouldBe(["Isolated", "Isolated"]);
        // Isolated subnets have no route to the internet at all.
        templates.Resources("AWS::EC2::Route").ShouldAllBe(route => !route.Id.Contains("data", StringComparison.OrdinalIgnoreCase));
    }

    private List<string> Rules(string direction, string peerGroupKey)
    {
        var groups = templates.Resources("AWS::EC2::SecurityGroup").Select(g => g.Id).ToList();
        groups.Select(GroupName).Order().ShouldBe(["AlertFunction", "Database", "Instances", "LoadBalancer"]);
        var arrow = direction == "SecurityGroupIngress" ? "<-" : "->";
        var rules = new List<string>();
        foreach (var (id, group) in templates.Resources("AWS::EC2::SecurityGroup"))
        {
            foreach (var rule in group["Properties"]![direction]?.AsArray() ?? [])
            {
                rules.Add(Describe(GroupName(id), rule!, peerGroupKey, arrow));
            }
        }

        foreach (var (_, rule) in templates.Resources($"AWS::EC2::{direction}"))
        {
            var properties = rule["Properties"]!;
            rules.Add(Describe(GroupName(properties["GroupId"]!["Fn::GetAtt"]![0]!.GetValue<string>()), properties, peerGroupKey, arrow));
        }

        rules.Sort(StringComparer.Ordinal);
        return rules;
    }

    private static string Describe(string group, JsonNode rule, string peerGroupKey, string arrow)
    {
        var peer = rule["CidrIp"]?.GetValue<string>()
            ?? rule["CidrIpv6"]?.GetValue<string>()
            ?? GroupName(rule[peerGroupKey]!["Fn::GetAtt"]![0]!.GetValue<string>());
        var from = rule["FromPort"]!.GetValue<int>();
        var to = rule["ToPort"]!.GetValue<int>();
        var protocol = rule["IpProtocol"]!.GetValue<string>();
        (protocol == "icmp" || from == to).ShouldBeTrue($"port ranges are not part of the design: {rule.ToJsonString()}");
        return $"{group} {arrow} {peer} {protocol} {from}";
    }

    private static string GroupName(string logicalId) =>
        new[] { "LoadBalancer", "Instances", "AlertFunction", "Database" }.Single(name =>
            logicalId.StartsWith($"Network{(name == "Instances" ? "Instance" : name)}SecurityGroup", StringComparison.Ordinal));

    private static string SubnetType(JsonObject subnet) =>
        subnet["Properties"]!["Tags"]!.AsArray().Single(tag => tag!["Key"]!.GetValue<string>() == "aws-cdk:subnet-type")!["Value"]!.GetValue<string>();
}
