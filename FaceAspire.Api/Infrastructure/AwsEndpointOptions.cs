using Amazon;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.SQS;

namespace FaceAspire.Api.Infrastructure;

/// <summary>
/// How to reach one AWS service: AWS itself in <see cref="Region"/>, or a compatible endpoint (<see cref="ServiceUrl"/>,
/// local testing); credentials from the standard AWS chain (the instance role on EC2) unless both keys are set.
/// </summary>
public class AwsEndpointOptions
{
    /// <summary>An endpoint compatible with the AWS service instead of AWS itself (local testing).</summary>
    public string? ServiceUrl { get; set; }

    public string Region { get; set; } = "us-east-1";

    /// <summary>Static credentials (both or neither); otherwise the standard AWS chain (instance role on EC2).</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>True when both or neither of the keys are set.</summary>
    public bool HasConsistentKeys => string.IsNullOrEmpty(AccessKey) == string.IsNullOrEmpty(SecretKey);

    /// <summary>The static keys, or the SDK's default chain (environment, profile, container or instance role).</summary>
    public AWSCredentials Credentials() => string.IsNullOrEmpty(AccessKey)
        ? DefaultAWSCredentialsIdentityResolver.GetCredentials(null)
        : new BasicAWSCredentials(AccessKey, SecretKey);

    /// <summary>An SQS client for these settings.</summary>
    public IAmazonSQS CreateSqsClient()
    {
        var config = new AmazonSQSConfig();
        if (string.IsNullOrWhiteSpace(ServiceUrl))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(Region);
        }
        else
        {
            config.ServiceURL = ServiceUrl;
            config.AuthenticationRegion = Region;
        }

        return string.IsNullOrEmpty(AccessKey) ? new AmazonSQSClient(config) : new AmazonSQSClient(Credentials(), config);
    }
}
