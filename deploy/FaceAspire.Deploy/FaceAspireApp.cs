using Amazon.CDK;

namespace FaceAspire.Deploy;

/// <summary>The two stacks: the long-lived artifacts bucket releases are uploaded to, and the application.</summary>
public static class FaceAspireApp
{
    public const string ArtifactsStackName = "FaceAspireArtifacts";
    public const string ApplicationStackName = "FaceAspire";

    public static (ArtifactsStack Artifacts, FaceAspireStack Application) Define(App app, DeploySettings settings)
    {
        ArgumentNullException.ThrowIfNull(app);
        // Templates without CDK assets or the bootstrap-version rule: they deploy with plain CloudFormation, no
        // `cdk bootstrap` of the account. Everything the stacks run comes from the artifacts bucket instead.
        var artifacts = new ArtifactsStack(app, ArtifactsStackName, new StackProps
        {
            Synthesizer = new DefaultStackSynthesizer(new DefaultStackSynthesizerProps { GenerateBootstrapVersionRule = false }),
            Description = "FaceAspire release artifacts (application bundles and the alert function's Lambda zip)",
        });
        var application = new FaceAspireStack(app, ApplicationStackName, artifacts.Bucket, settings, new StackProps
        {
            Synthesizer = new DefaultStackSynthesizer(new DefaultStackSynthesizerProps { GenerateBootstrapVersionRule = false }),
            Description = "FaceAspire: VPC, load balancer, auto-scaling web and API instances, RDS for PostgreSQL, S3, SNS, SQS, Lambda",
        });
        application.AddDependency(artifacts);
        return (artifacts, application);
    }
}
