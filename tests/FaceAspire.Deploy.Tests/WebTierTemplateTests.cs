namespace FaceAspire.Deploy.Tests;

/// <summary>The load balancer, its certificate and DNS name, and the auto-scaling instances behind it.</summary>
[Collection(TemplateCollection.Name)]
public sealed class WebTierTemplateTests(SynthesizedTemplates templates)
{
    [Fact]
    public void Load_balancer_is_internet_facing_in_the_public_subnets_and_serves_https_with_the_certificate_and_a_tls13_policy()
    {
        templates.ApplicationTemplate.HasResourceProperties("AWS::ElasticLoadBalancingV2::LoadBalancer", new Dictionary<string, object>
        {
            ["Scheme"] = "internet-facing",
            ["Type"] = "application",
        });
        var https = Listener(443);
        https["Protocol"]!.GetValue<string>().ShouldBe("HTTPS");
        https["SslPolicy"]!.GetValue<string>().ShouldBe("ELBSecurityPolicy-TLS13-1-2-2021-06");
        https["Certificates"]![0]!["CertificateArn"]!["Ref"]!.GetValue<string>().ShouldStartWith("WebCertificate");
        https["DefaultActions"]![0]!["Type"]!.GetValue<string>().ShouldBe("forward");

        var certificate = templates.Single("AWS::CertificateManager::Certificate")["Properties"]!;
        certificate["ValidationMethod"]!.GetValue<string>().ShouldBe("DNS");
        certificate["DomainName"]!["Ref"]!.GetValue<string>().ShouldBe("DomainName");
        certificate["DomainValidationOptions"]![0]!["HostedZoneId"]!["Ref"]!.GetValue<string>().ShouldBe("HostedZoneId");
    }

    [Fact]
    public void Plain_http_is_redirected_permanently_to_https()
    {
        var http = Listener(80);
        http["Protocol"]!.GetValue<string>().ShouldBe("HTTP");
        var action = http["DefaultActions"]!.AsArray().ShouldHaveSingleItem()!;
        action["Type"]!.GetValue<string>().ShouldBe("redirect");
        action["RedirectConfig"]!["Protocol"]!.GetValue<string>().ShouldBe("HTTPS");
        action["RedirectConfig"]!["Port"]!.GetValue<string>().ShouldBe("443");
        action["RedirectConfig"]!["StatusCode"]!.GetValue<string>().ShouldBe("HTTP_301");
    }

    [Fact]
    public void Domain_is_an_alias_of_the_load_balancer_in_the_hosted_zone()
    {
        var record = templates.Single("AWS::Route53::RecordSet")["Properties"]!;
        record["Type"]!.GetValue<string>().ShouldBe("A");
        record["HostedZoneId"]!["Ref"]!.GetValue<string>().ShouldBe("HostedZoneId");
        record["Name"]!.ToJsonString().ShouldBe("""{"Fn::Join":["",[{"Ref":"DomainName"},"."]]}""");
        record["AliasTarget"]!["DNSName"]!.ToJsonString().ShouldContain("WebLoadBalancer");
    }

    [Fact]
    public void Target_group_checks_health_on_the_web_front_ends_health_endpoint()
    {
        templates.ApplicationTemplate.HasResourceProperties("AWS::ElasticLoadBalancingV2::TargetGroup", new Dictionary<string, object>
        {
            ["Port"] = 8080,
            ["Protocol"] = "HTTP",
            ["HealthCheckPath"] = "/health",
            ["Matcher"] = new Dictionary<string, object> { ["HttpCode"] = "200" },
            ["TargetType"] = "instance",
        });
    }

    [Fact]
    public void Instances_run_amazon_linux_2023_in_the_private_subnets_of_both_zones_with_imdsv2_and_rolling_updates()
    {
        var group = templates.Single("AWS::AutoScaling::AutoScalingGroup");
        var properties = group["Properties"]!;
        (properties["MinSize"]!.GetValue<string>(), properties["MaxSize"]!.GetValue<string>()).ShouldBe(("2", "6"));
        var subnets = properties["VPCZoneIdentifier"]!.AsArray().Select(s => s!["Ref"]!.GetValue<string>()).ToList();
        subnets.Count.ShouldBe(2);
        subnets.ShouldAllBe(id => id.Contains("appSubnet", StringComparison.Ordinal));
        properties["HealthCheckType"]!.GetValue<string>().ShouldBe("ELB");
        var rolling = group["UpdatePolicy"]!["AutoScalingRollingUpdate"]!;
        rolling["MaxBatchSize"]!.GetValue<int>().ShouldBe(1);
        rolling["WaitOnResourceSignals"]!.GetValue<bool>().ShouldBeTrue();
        group["CreationPolicy"]!["ResourceSignal"]!["Count"]!.GetValue<int>().ShouldBe(2);

        var launch = templates.Single("AWS::EC2::LaunchTemplate")["Properties"]!["LaunchTemplateData"]!;
        launch["MetadataOptions"]!["HttpTokens"]!.GetValue<string>().ShouldBe("required");
        launch["InstanceType"]!.GetValue<string>().ShouldBe("t4g.medium");
        launch["ImageId"]!["Ref"]!.GetValue<string>().ShouldStartWith("SsmParameterValueawsserviceamiamazonlinuxlatestal2023");
        launch["KeyName"].ShouldBeNull("no SSH key: instances are not reachable by SSH");
        launch["BlockDeviceMappings"]![0]!["Ebs"]!["Encrypted"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void User_data_installs_the_release_from_the_artifacts_bucket_runs_both_services_and_signals_cloudformation()
    {
        var userData = templates.Single("AWS::EC2::LaunchTemplate")["Properties"]!["LaunchTemplateData"]!["UserData"]!.ToJsonString();
        foreach (var expected in new[]
        {
            "releases/${ReleaseVersion}/faceaspire-linux-${Architecture}.tar.gz",
            "faceaspire-$service.service",
            "FaceAspire.Api migrate",
            "systemctl enable --now faceaspire-api faceaspire-web",
            "Analysis__Transport=Sqs",
            "Admin__Email=${AdminEmail}",
            "Alerts__Transport=Sns",
            "cfn-signal",
            "http://127.0.0.1:8080/health",
        })
        {
            userData.ShouldContain(expected.Replace("\"", "\\\"", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void User_data_placeholders_are_all_defined_so_cloudformation_can_substitute_them()
    {
        var userData = templates.Single("AWS::EC2::LaunchTemplate")["Properties"]!["LaunchTemplateData"]!["UserData"]!;
        var substitution = FindSub(userData).ShouldNotBeNull("the script is an Fn::Sub");
        var script = substitution[0]!.GetValue<string>();
        var variables = substitution[1]!.AsObject().Select(v => v.Key).ToHashSet();
        var placeholders = System.Text.RegularExpressions.Regex.Matches(script, @"\$\{([^}]*)\}").Select(m => m.Groups[1].Value).Distinct().ToList();
        placeholders.Count.ShouldBeGreaterThan(10);
        placeholders.Where(name => !name.StartsWith('!') && !name.StartsWith("AWS::", StringComparison.Ordinal) && !variables.Contains(name))
            .ShouldBeEmpty("CloudFormation rejects an Fn::Sub with an undefined placeholder");
    }

    [Fact]
    public void Instances_scale_on_cpu_requests_per_target_and_analysis_backlog_per_instance()
    {
        var policies = templates.Resources("AWS::AutoScaling::ScalingPolicy").Select(p => p.Resource["Properties"]!["TargetTrackingConfiguration"]!).ToList();
        policies.Count.ShouldBe(3);
        policies.ShouldContain(p => p["PredefinedMetricSpecification"]!["PredefinedMetricType"]!.GetValue<string>() == "ASGAverageCPUUtilization");
        policies.ShouldContain(p => p["PredefinedMetricSpecification"]!["PredefinedMetricType"]!.GetValue<string>() == "ALBRequestCountPerTarget");
        var backlog = policies.Single(p => p["CustomizedMetricSpecification"] is not null);
        backlog["TargetValue"]!.GetValue<double>().ShouldBe(20);
        var queries = backlog["CustomizedMetricSpecification"]!["Metrics"]!.AsArray();
        queries.Single(q => q!["ReturnData"]!.GetValue<bool>())!["Expression"]!.GetValue<string>().ShouldBe("visible / MAX([instances, 1])");
        queries.ToJsonString().ShouldContain("ApproximateNumberOfMessagesVisible");
        queries.ToJsonString().ShouldContain("GroupInServiceInstances");
    }

    private static JsonArray? FindSub(JsonNode? node) => node switch
    {
        JsonObject o when o["Fn::Sub"] is JsonArray sub => sub,
        JsonObject o => o.Select(p => FindSub(p.Value)).FirstOrDefault(found => found is not null),
        JsonArray a => a.Select(FindSub).FirstOrDefault(found => found is not null),
        _ => null,
    };

    private JsonNode Listener(int port) => templates.Resources("AWS::ElasticLoadBalancingV2::Listener")
        .Select(l => l.Resource["Properties"]!)
        .Single(l => l["Port"]!.GetValue<int>() == port);
}
