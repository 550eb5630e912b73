namespace FaceAspire.Deploy.Tests;

/// <summary>Photos bucket, job queues, secrets, the alert topic and function, and the alarms.</summary>
[Collection(TemplateCollection.Name)]
public sealed class StateAndAlertsTemplateTests(SynthesizedTemplates templates)
{
    [Fact]
    public void Photo_bucket_blocks_public_access_is_encrypted_versioned_expires_old_versions_and_refuses_plain_http()
    {
        var bucket = templates.Single("AWS::S3::Bucket");
        SynthTests.AssertPrivate(bucket);
        bucket["Properties"]!["LifecycleConfiguration"]!["Rules"]!.AsArray()
            .ShouldContain(rule => rule!["NoncurrentVersionExpiration"]!["NoncurrentDays"]!.GetValue<int>() == 14);
        var statement = templates.Single("AWS::S3::BucketPolicy")["Properties"]!["PolicyDocument"]!["Statement"]!.AsArray().ShouldHaveSingleItem()!;
        statement["Effect"]!.GetValue<string>().ShouldBe("Deny");
        statement["Condition"]!["Bool"]!["aws:SecureTransport"]!.GetValue<string>().ShouldBe("false");
    }

    [Fact]
    public void Analysis_queue_leases_for_the_visibility_timeout_and_dead_letters_after_the_last_attempt()
    {
        var queues = templates.Resources("AWS::SQS::Queue").ToDictionary(q => q.Id, q => q.Resource["Properties"]!);
        var jobs = queues.Single(q => q.Key.StartsWith("DataAnalysisJobs", StringComparison.Ordinal)).Value;
        jobs["VisibilityTimeout"]!.GetValue<int>().ShouldBe(120);
        jobs["ReceiveMessageWaitTimeSeconds"]!.GetValue<int>().ShouldBe(20);
        jobs["RedrivePolicy"]!["maxReceiveCount"]!.GetValue<int>().ShouldBe(3);
        jobs["RedrivePolicy"]!["deadLetterTargetArn"]!["Fn::GetAtt"]![0]!.GetValue<string>().ShouldStartWith("DataAnalysisDeadLetters");
        queues.Where(q => q.Key.StartsWith("DataAnalysis", StringComparison.Ordinal)).Count().ShouldBe(2);
        queues.Where(q => q.Key.StartsWith("DataAnalysis", StringComparison.Ordinal))
            .ShouldAllBe(q => q.Value["SqsManagedSseEnabled"]!.GetValue<bool>());
    }

    [Fact]
    public void Secrets_hold_the_database_credentials_the_jwt_signing_key_and_the_first_administrators_password()
    {
        var secrets = templates.Resources("AWS::SecretsManager::Secret").Select(s => s.Id).ToList();
        secrets.ShouldContain(id => id.Contains("DataDatabaseSecret", StringComparison.Ordinal));
        secrets.ShouldContain(id => id.StartsWith("DataJwtSigningKey", StringComparison.Ordinal));
        secrets.ShouldContain(id => id.StartsWith("DataInitialAdminPassword", StringComparison.Ordinal));
        templates.Single("AWS::SecretsManager::SecretTargetAttachment")["Properties"]!["TargetType"]!.GetValue<string>().ShouldBe("AWS::RDS::DBInstance");
    }

    [Fact]
    public void Alert_function_is_a_provided_al2023_lambda_in_the_private_subnets_subscribed_to_review_alerts_on_the_topic()
    {
        var function = templates.Single("AWS::Lambda::Function")["Properties"]!;
        function["Runtime"]!.GetValue<string>().ShouldBe("provided.al2023");
        function["Handler"]!.GetValue<string>().ShouldBe("bootstrap");
        function["Architectures"]![0]!.GetValue<string>().ShouldBe("arm64");
        function["Code"]!["S3Key"]!.ToJsonString().ShouldContain("/alert-function-lambda-arm64.zip");
        function["VpcConfig"]!["SubnetIds"]!.AsArray().ShouldAllBe(s => s!["Ref"]!.GetValue<string>().Contains("appSubnet", StringComparison.Ordinal));
        function["DeadLetterConfig"].ShouldNotBeNull();
        var environment = function["Environment"]!["Variables"]!;
        environment["Smtp__Security"]!.GetValue<string>().ShouldBe("StartTls");
        environment["Smtp__Password"]!.ToJsonString().ShouldContain("{{resolve:secretsmanager:");
        environment["ConnectionStrings__facedb"]!.ToJsonString().ShouldContain("{{resolve:secretsmanager:");
        environment["AlertFunction__Recipients__0"]!["Ref"]!.GetValue<string>().ShouldBe("AdminEmail");
        environment["AlertFunction__PublicBaseUrl"]!.ToJsonString().ShouldBe("""{"Fn::Join":["",["https://",{"Ref":"DomainName"}]]}""");

        var subscriptions = templates.Resources("AWS::SNS::Subscription").Select(s => s.Resource["Properties"]!).ToList();
        var topic = templates.Resources("AWS::SNS::Topic").ShouldHaveSingleItem().Id;
        subscriptions.ShouldAllBe(s => s["TopicArn"]!["Ref"]!.GetValue<string>() == topic);
        var lambda = subscriptions.Single(s => s["Protocol"]!.GetValue<string>() == "lambda");
        lambda["Endpoint"]!["Fn::GetAtt"]![0]!.GetValue<string>().ShouldStartWith("AlertsFunction");
        lambda["FilterPolicy"]!.ToJsonString().ShouldBe("""{"kind":["review-alert","account-notice"]}""");
        var email = subscriptions.Single(s => s["Protocol"]!.GetValue<string>() == "email");
        email["Endpoint"]!["Ref"]!.GetValue<string>().ShouldBe("AdminEmail");
        email["FilterPolicy"]!.ToJsonString().ShouldBe("""{"kind":[{"exists":false}]}""");

        var permission = templates.Single("AWS::Lambda::Permission")["Properties"]!;
        permission["Principal"]!.GetValue<string>().ShouldBe("sns.amazonaws.com");
        permission["SourceArn"]!["Ref"]!.GetValue<string>().ShouldBe(topic);
    }

    [Fact]
    public void Alarms_watch_errors_health_queue_age_dead_letters_and_the_function_and_notify_the_topic()
    {
        var alarms = templates.Resources("AWS::CloudWatch::Alarm").ToDictionary(a => a.Id, a => a.Resource["Properties"]!);
        alarms.Keys.Select(id => id[.."Alarms".Length]).Distinct().ShouldBe(["Alarms"]);
        foreach (var name in new[] { "ServerErrorRate", "UnhealthyHosts", "AnalysisQueueAge", "AnalysisDeadLetters", "AlertDeadLetters", "AlertFunctionErrors" })
        {
            var alarm = alarms.Single(a => a.Key.StartsWith("Alarms" + name, StringComparison.Ordinal)).Value;
            alarm["AlarmActions"]![0]!["Ref"]!.GetValue<string>().ShouldStartWith("AlertsTopic", Case.Sensitive, name);
        }

        var errorRate = alarms.Single(a => a.Key.StartsWith("AlarmsServerErrorRate", StringComparison.Ordinal)).Value;
        errorRate["Metrics"]!.ToJsonString().ShouldContain("HTTPCode_Target_5XX_Count");
        errorRate["Threshold"]!.GetValue<double>().ShouldBe(5);
    }
}
