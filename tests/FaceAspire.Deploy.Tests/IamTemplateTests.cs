namespace FaceAspire.Deploy.Tests;

/// <summary>Least privilege: every permission the stack grants names its actions and its resources.</summary>
[Collection(TemplateCollection.Name)]
public sealed class IamTemplateTests(SynthesizedTemplates templates)
{
    [Fact]
    public void No_allow_statement_in_any_policy_has_a_wildcard_action_or_a_wildcard_resource()
    {
        var statements = AllowStatements().ToList();
        statements.Count.ShouldBeGreaterThan(5);
        foreach (var (policy, statement) in statements)
        {
            foreach (var action in Strings(statement["Action"]))
            {
                action.ShouldNotContain("*", Case.Sensitive, $"{policy}: {statement.ToJsonString()}");
            }

            foreach (var resource in Items(statement["Resource"]))
            {
                (resource is JsonValue value && value.GetValue<string>() == "*").ShouldBeFalse($"{policy}: {statement.ToJsonString()}");
            }
        }
    }

    [Fact]
    public void Instance_role_may_read_its_release_and_secrets_and_use_the_photo_bucket_job_queue_and_alert_topic_only()
    {
        var policy = templates.Resources("AWS::IAM::Policy").Single(p => p.Id.StartsWith("WebInstanceRole", StringComparison.Ordinal)).Resource;
        var statements = policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray()
            .Select(s => $"{s!["Sid"]?.GetValue<string>() ?? "(no sid)"}: {string.Join(" ", Strings(s!["Action"]).Order())}");
        statements.ShouldBe(
        [
            "ReadRelease: s3:GetObject",
            "ReadSecrets: secretsmanager:GetSecretValue",
            "PhotoObjects: s3:DeleteObject s3:GetObject s3:PutObject",
            "PhotoListing: s3:ListBucket",
            "AnalysisJobs: sqs:ChangeMessageVisibility sqs:DeleteMessage sqs:GetQueueAttributes sqs:ReceiveMessage sqs:SendMessage",
            "PublishAlerts: sns:Publish",
            // Added by the CDK with the start-up signal, on this stack's id only.
            "(no sid): cloudformation:SignalResource",
        ]);
        var roles = templates.Resources("AWS::IAM::Role").Select(r => r.Resource["Properties"]!).ToList();
        roles.ShouldAllBe(r => r["Policies"] == null, "no inline policies besides the ones checked above");
        var managed = roles.SelectMany(r => r["ManagedPolicyArns"]?.AsArray() ?? []).Select(a => a!.ToJsonString()).ToList();
        managed.ShouldAllBe(arn => arn.Contains("service-role/AWSLambdaBasicExecutionRole") || arn.Contains("service-role/AWSLambdaVPCAccessExecutionRole"));
    }

    private IEnumerable<(string Policy, JsonObject Statement)> AllowStatements()
    {
        foreach (var (id, policy) in templates.Resources("AWS::IAM::Policy"))
        {
            foreach (var statement in policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
            {
                if (statement!["Effect"]!.GetValue<string>() == "Allow")
                {
                    yield return (id, statement.AsObject());
                }
            }
        }

        foreach (var type in new[] { "AWS::S3::BucketPolicy", "AWS::SQS::QueuePolicy", "AWS::SNS::TopicPolicy" })
        {
            foreach (var (id, policy) in templates.Resources(type))
            {
                foreach (var statement in policy["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray())
                {
                    if (statement!["Effect"]!.GetValue<string>() == "Allow")
                    {
                        yield return (id, statement.AsObject());
                    }
                }
            }
        }
    }

    private static IEnumerable<JsonNode?> Items(JsonNode? node) => node is JsonArray array ? array : new[] { node };

    private static IEnumerable<string> Strings(JsonNode? node) => Items(node).Select(item => item!.GetValue<string>());
}
