using FaceAspire.AlertFunction.Contracts;
using FaceAspire.AlertFunction.Mail;
using FaceAspire.ServiceDefaults;
using Microsoft.Extensions.Options;

namespace FaceAspire.AlertFunction.Alerts;

/// <summary>
/// Delivers one alert exactly once from the administrators' point of view: claim the alert's lease, email
/// each administrator not yet reached (recording each as it goes), then mark the alert sent. The administrators are
/// <see cref="AlertHandlerOptions.Recipients"/>, never addresses from the message. The HTTP and
/// Lambda hosts both call this.
/// </summary>
public sealed class AlertHandler(
    AlertDeliveryStore store,
    AlertMailer mailer,
    IOptions<AlertHandlerOptions> options,
    ILogger<AlertHandler> logger)
{
    /// <summary>Handles <paramref name="alert"/>. Database failures propagate; mail failures become an outcome.</summary>
    public async Task<AlertOutcome> HandleAsync(ValidAlert alert, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var alertId = alert.Message.AlertId;
        var settings = options.Value;
        var recipients = AlertMessageValidator.ParseRecipients(settings.Recipients, []);
        if (recipients.Count == 0)
        {
            logger.LogWarning("Alert {AlertId} not emailed: no administrator is configured (AlertFunction:Recipients)", alertId);
            return new AlertOutcome.NoRecipients(TimeSpan.FromSeconds(settings.MailRetryAfterSeconds));
        }

        var claim = await store.ClaimAsync(alertId, TimeSpan.FromSeconds(settings.LeaseSeconds), cancellationToken).ConfigureAwait(false);
        switch (claim)
        {
            case AlertDeliveryClaim.AlreadySent:
                logger.LogInformation("Alert {AlertId} was already emailed; acknowledged as a duplicate", alertId);
                return new AlertOutcome.Duplicate();
            case AlertDeliveryClaim.HeldElsewhere held:
                logger.LogInformation("Alert {AlertId} is being delivered by another attempt; retry in {RetryAfter}", alertId, held.RetryAfter);
                return new AlertOutcome.InProgress(held.RetryAfter);
        }

        var lease = (AlertDeliveryClaim.Acquired)claim;
        var pending = recipients.Where(recipient => !lease.DeliveredTo.Contains(recipient.Address)).ToList();
        try
        {
            await mailer.SendAsync(
                alert,
                pending,
                (recipient, token) => store.MarkDeliveredToAsync(alertId, lease.LeaseToken, recipient.Address, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (AlertMailer.IsMailFailure(exception))
        {
            logger.LogWarning(exception, "Mail server failed while emailing alert {AlertId}; the sender will retry", alertId);
            await ReleaseQuietlyAsync(alertId, lease.LeaseToken, exception).ConfigureAwait(false);
            return new AlertOutcome.MailUnavailable(TimeSpan.FromSeconds(settings.MailRetryAfterSeconds), exception.Message);
        }
        catch (Exception exception)
        {
            await ReleaseQuietlyAsync(alertId, lease.LeaseToken, exception).ConfigureAwait(false);
            throw;
        }

        if (!await store.MarkSentAsync(alertId, lease.LeaseToken, cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Alert {AlertId} outlived its lease while sending; another attempt may email it again", alertId);
        }

        // Each delivery also forgets the records of alerts sent long ago; there is no other loop on Lambda to do it.
        await store.ForgetSentAsync(TimeSpan.FromDays(settings.DeliveryRecordDays), cancellationToken).ConfigureAwait(false);

        logger.LogInformation("Alert {AlertId} for photo {PhotoId} emailed to {Count} administrator(s)", alertId, alert.Message.PhotoId, pending.Count);
        return new AlertOutcome.Sent(pending.Count);
    }

    // The lease would expire by itself; giving it back early only lets the sender's retry proceed sooner,
    // so a failure here must not hide the original error.
    private async Task ReleaseQuietlyAsync(Guid alertId, Guid leaseToken, Exception cause)
    {
        try
        {
            await store.ReleaseAsync(alertId, leaseToken, $"{cause.GetType().Name}: {cause.Message}", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (DatabaseAvailability.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Could not release the lease of alert {AlertId}; it expires by itself", alertId);
        }
    }
}
