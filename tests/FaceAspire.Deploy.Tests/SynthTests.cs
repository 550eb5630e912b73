namespace FaceAspire.Deploy.Tests;

/// <summary>What <c>deploy/synth</c> writes, and that the templates deploy with plain CloudFormation.</summary>
[Collection(TemplateCollection.Name)]
public sealed class SynthTests(SynthesizedTemplates templates)
{
    [Fact]
    public void Synth_writes_both_templates_as_json_and_says_where()
    {
        Directory.GetFiles(templates.OutputDirectory, "*.template.json").Select(Path.GetFileName)
            .ShouldBe(["FaceAspire.template.json", "FaceAspireArtifacts.template.json"], ignoreOrder: true);
        templates.Output.ShouldContain($"CloudFormation templates written to {templates.OutputDirectory}");
    }

    [Fact]
    public void Templates_need_no_cdk_bootstrap_and_no_assets()
    {
        foreach (var template in new[] { templates.Application, templates.Artifacts })
        {
            (template["Parameters"]?.AsObject().ContainsKey("BootstrapVersion") ?? false).ShouldBeFalse();
            template["Rules"].ShouldBeNull();
        }

        foreach (var assets in Directory.GetFiles(templates.OutputDirectory, "*.assets.json"))
        {
            var manifest = JsonNode.Parse(File.ReadAllText(assets))!;
            manifest["files"]!.AsObject().Where(file => !IsTemplate(file.Value!))
                .ShouldBeEmpty("only the templates themselves may be listed as files: no Lambda code or other asset to upload");
            manifest["dockerImages"]!.AsObject().ShouldBeEmpty();
        }
    }

    [Fact]
    public void Deploy_time_values_are_parameters_and_the_artifacts_bucket_comes_from_its_own_stack()
    {
        var parameters = templates.Application["Parameters"]!.AsObject();
        foreach (var name in new[] { "DomainName", "HostedZoneId", "HostedZoneName", "AdminEmail", "AlertSenderAddress", "SmtpSecretName", "ReleaseVersion" })
        {
            parameters[name].ShouldNotBeNull(name);
        }

        parameters["ReleaseVersion"]!["AllowedPattern"]!.GetValue<string>().ShouldBe("[A-Za-z0-9._-]+");
        templates.Application.ToJsonString().ShouldContain("\"Fn::ImportValue\":\"FaceAspireArtifacts:");
        var artifacts = templates.Artifacts["Resources"]!.AsObject().Select(pair => pair.Value!).Single(r => r["Type"]!.GetValue<string>() == "AWS::S3::Bucket");
        AssertPrivate(artifacts);
    }

    /// <summary>Public access blocked in all four ways, encryption at rest, versioning.</summary>
    internal static void AssertPrivate(JsonNode bucket)
    {
        var properties = bucket["Properties"]!;
        var block = properties["PublicAccessBlockConfiguration"]!;
        foreach (var setting in new[] { "BlockPublicAcls", "BlockPublicPolicy", "IgnorePublicAcls", "RestrictPublicBuckets" })
        {
            block[setting]!.GetValue<bool>().ShouldBeTrue(setting);
        }

        properties["BucketEncryption"]!["ServerSideEncryptionConfiguration"]![0]!["ServerSideEncryptionByDefault"]!["SSEAlgorithm"]!.GetValue<string>().ShouldBe("AES256");
        properties["VersioningConfiguration"]!["Status"]!.GetValue<string>().ShouldBe("Enabled");
    }

    private static bool IsTemplate(JsonNode file) => file["source"]?["path"]?.GetValue<string>().EndsWith(".template.json", StringComparison.Ordinal) ?? false;
}
