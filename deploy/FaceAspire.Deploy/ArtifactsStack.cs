using Amazon.CDK;
using Amazon.CDK.AWS.S3;
using Constructs;

namespace FaceAspire.Deploy;

/// <summary>
/// The bucket releases are uploaded to (<c>releases/VERSION/...</c>) before the application stack is deployed. A stack
/// of its own because the Lambda function and the instances' user data read from it when the application stack is
/// created, so it must exist and be filled first.
/// </summary>
public sealed class ArtifactsStack : Stack
{
    public ArtifactsStack(Construct scope, string id, IStackProps props)
        : base(scope, id, props)
    {
        Bucket = new Bucket(this, "Artifacts", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            // Old releases stay available for rollback; replaced objects of one version expire.
            Versioned = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            LifecycleRules = [new LifecycleRule { NoncurrentVersionExpiration = Duration.Days(30) }],
            RemovalPolicy = RemovalPolicy.RETAIN,
        });
        _ = new CfnOutput(this, "ArtifactsBucketName", new CfnOutputProps
        {
            Value = Bucket.BucketName,
            Description = "Upload releases here: releases/VERSION/faceaspire-linux-ARCH.tar.gz and alert-function-lambda-ARCH.zip",
        });
    }

    public Bucket Bucket { get; }
}
