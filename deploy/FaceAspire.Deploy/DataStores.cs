using Amazon.CDK;
using Amazon.CDK.AWS.RDS;
using Amazon.CDK.AWS.S3;
using Amazon.CDK.AWS.SecretsManager;
using Amazon.CDK.AWS.SQS;
using Constructs;
using InstanceType = Amazon.CDK.AWS.EC2.InstanceType;

namespace FaceAspire.Deploy;

/// <summary>
/// Where state lives: PostgreSQL on RDS (Multi-AZ, isolated subnets, encrypted, credentials in Secrets Manager), the
/// photo bucket, the analysis job queue with its dead-letter queue, the JWT signing key and the first administrator's password.
/// </summary>
public sealed class DataStores : Construct
{
    public const string DatabaseName = "faceaspire";
    public const string DatabaseUser = "faceaspire";

    /// <summary>The queue's visibility timeout is the analysis lease (<c>Analysis:LeaseDuration</c>).</summary>
    public static readonly TimeSpan AnalysisLease = TimeSpan.FromMinutes(2);

    /// <summary>Receives of one analysis message before SQS moves it to the dead-letter queue (<c>Analysis:MaxAttempts</c>).</summary>
    public const int AnalysisMaxAttempts = 3;

    public DataStores(Construct scope, string id, Network network, DeploySettings settings)
        : base(scope, id)
    {
        Database = new DatabaseInstance(this, "Database", new DatabaseInstanceProps
        {
            Engine = DatabaseInstanceEngine.Postgres(new PostgresInstanceEngineProps { Version = PostgresEngineVersion.VER_16_4 }),
            InstanceType = new InstanceType(settings.DatabaseInstanceType),
            Vpc = network.Vpc,
            VpcSubnets = Network.IsolatedSubnets,
            SecurityGroups = [network.Database],
            MultiAz = true,
            PubliclyAccessible = false,
            StorageEncrypted = true,
            StorageType = StorageType.GP3,
            AllocatedStorage = settings.DatabaseStorageGiB,
            MaxAllocatedStorage = settings.DatabaseStorageGiB * 5,
            DatabaseName = DatabaseName,
            // The password goes into connection strings: none of ; = ' " \ or spaces (besides RDS's own exclusions).
            Credentials = Credentials.FromGeneratedSecret(DatabaseUser, new CredentialsBaseOptions
            {
                ExcludeCharacters = " %+~`#$&*()|[]{}:;<>?!'/@\"\\=,",
            }),
            BackupRetention = Duration.Days(7),
            DeletionProtection = true,
            RemovalPolicy = RemovalPolicy.SNAPSHOT,
            AutoMinorVersionUpgrade = true,
        });

        Photos = new Bucket(this, "Photos", new BucketProps
        {
            BlockPublicAccess = BlockPublicAccess.BLOCK_ALL,
            Encryption = BucketEncryption.S3_MANAGED,
            EnforceSSL = true,
            ObjectOwnership = ObjectOwnership.BUCKET_OWNER_ENFORCED,
            Versioned = true,
            // Versions protect against a faulty release overwriting or deleting objects; a deleted photo's last
            // version is gone for good after 14 days, which the privacy notice states.
            LifecycleRules =
            [
                new LifecycleRule { Id = "expire-old-versions", NoncurrentVersionExpiration = Duration.Days(14), ExpiredObjectDeleteMarker = true },
                new LifecycleRule { Id = "abort-incomplete-uploads", AbortIncompleteMultipartUploadAfter = Duration.Days(1) },
            ],
            RemovalPolicy = RemovalPolicy.RETAIN,
        });

        AnalysisDeadLetters = new Queue(this, "AnalysisDeadLetters", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            RetentionPeriod = Duration.Days(14),
        });
        AnalysisJobs = new Queue(this, "AnalysisJobs", new QueueProps
        {
            Encryption = QueueEncryption.SQS_MANAGED,
            EnforceSSL = true,
            VisibilityTimeout = Duration.Seconds(AnalysisLease.TotalSeconds),
            ReceiveMessageWaitTime = Duration.Seconds(20),
            RetentionPeriod = Duration.Days(4),
            DeadLetterQueue = new DeadLetterQueue { Queue = AnalysisDeadLetters, MaxReceiveCount = AnalysisMaxAttempts },
        });

        JwtSigningKey = new Secret(this, "JwtSigningKey", new SecretProps
        {
            Description = "FaceAspire API: HS256 signing key of access tokens (Jwt:SigningKey)",
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 64, ExcludePunctuation = true },
        });
        InitialAdminPassword = new Secret(this, "InitialAdminPassword", new SecretProps
        {
            Description = "FaceAspire: password of the first administrator (the AdminEmail parameter), created when the API starts",
            GenerateSecretString = new SecretStringGenerator { PasswordLength = 32, ExcludePunctuation = true },
        });
    }

    public DatabaseInstance Database { get; }

    public Bucket Photos { get; }

    public Queue AnalysisJobs { get; }

    public Queue AnalysisDeadLetters { get; }

    public Secret JwtSigningKey { get; }

    public Secret InitialAdminPassword { get; }
}
