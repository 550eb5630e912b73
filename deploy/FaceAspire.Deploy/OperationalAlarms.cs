using Amazon.CDK;
using Amazon.CDK.AWS.CloudWatch;
using Amazon.CDK.AWS.CloudWatch.Actions;
using Constructs;

namespace FaceAspire.Deploy;

/// <summary>
/// CloudWatch alarms that notify the alert topic (and so the administrators' e-mail subscriptions): server errors,
/// unhealthy instances, analysis jobs waiting too long, jobs or alerts that exhausted their attempts, function errors.
/// </summary>
public sealed class OperationalAlarms : Construct
{
    public OperationalAlarms(Construct scope, string id, FaceAspireStack stack)
        : base(scope, id)
    {
        ArgumentNullException.ThrowIfNull(stack);
        var fiveMinutes = Duration.Minutes(5);
        var balancer = stack.Web.LoadBalancer.Metrics;
        var errorRate = new MathExpression(new MathExpressionProps
        {
            Expression = "IF(requests > 0, 100 * (FILL(targetErrors, 0) + FILL(balancerErrors, 0)) / requests, 0)",
            UsingMetrics = new Dictionary<string, IMetric>
            {
                ["requests"] = balancer.RequestCount(new MetricOptions { Period = fiveMinutes, Statistic = "Sum" }),
                ["targetErrors"] = balancer.HttpCodeTarget(Amazon.CDK.AWS.ElasticLoadBalancingV2.HttpCodeTarget.TARGET_5XX_COUNT, new MetricOptions { Period = fiveMinutes, Statistic = "Sum" }),
                ["balancerErrors"] = balancer.HttpCodeElb(Amazon.CDK.AWS.ElasticLoadBalancingV2.HttpCodeElb.ELB_5XX_COUNT, new MetricOptions { Period = fiveMinutes, Statistic = "Sum" }),
            },
            Label = "5xx responses (%)",
            Period = fiveMinutes,
        });
        Add("ServerErrorRate", errorRate, 5, 2, "More than 5% of requests answered with 5xx for 10 minutes");
        Add("UnhealthyHosts", stack.Web.TargetGroup.Metrics.UnhealthyHostCount(new MetricOptions { Period = Duration.Minutes(1), Statistic = "Maximum" }), 1, 5,
            "An instance failed the /health check for 5 minutes");
        Add("AnalysisQueueAge", stack.Data.AnalysisJobs.MetricApproximateAgeOfOldestMessage(new MetricOptions { Period = fiveMinutes, Statistic = "Maximum" }), 600, 2,
            "An analysis job has waited more than 10 minutes");
        Add("AnalysisDeadLetters", stack.Data.AnalysisDeadLetters.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = fiveMinutes, Statistic = "Maximum" }), 1, 1,
            "An analysis job failed every attempt (see the dead-letter queue)");
        Add("AlertDeadLetters", stack.Alerts.Function.DeadLetterQueue!.MetricApproximateNumberOfMessagesVisible(new MetricOptions { Period = fiveMinutes, Statistic = "Maximum" }), 1, 1,
            "An alert could not be e-mailed after Lambda's retries (see the function's dead-letter queue)");
        Add("AlertFunctionErrors", stack.Alerts.Function.MetricErrors(new MetricOptions { Period = fiveMinutes, Statistic = "Sum" }), 1, 1,
            "The alert function failed an invocation");
        return;

        void Add(string name, IMetric metric, double threshold, int periods, string description)
        {
            var alarm = new Alarm(this, name, new AlarmProps
            {
                Metric = metric,
                Threshold = threshold,
                EvaluationPeriods = periods,
                ComparisonOperator = ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
                TreatMissingData = TreatMissingData.NOT_BREACHING,
                AlarmDescription = description,
            });
            alarm.AddAlarmAction(new SnsAction(stack.Alerts.Topic));
            alarm.AddOkAction(new SnsAction(stack.Alerts.Topic));
        }
    }
}
