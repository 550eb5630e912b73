using FaceAspire.AlertFunction.Contracts;
using FaceAspire.AlertFunction.Mail;
using FaceAspire.ServiceDefaults;
using Microsoft.Extensions.Options;
using MimeKit;

namespace FaceAspire.AlertFunction.Alerts;

/// <summary>
/// Delivers one message exactly once from its recipients' point of view: claim the message's lease, email each
/// recipient not yet reached (recording each as it goes), then mark the message sent. Recipients never come from the
/// message: an alert goes to the administrators of <see cref="AlertHandlerOptions.Recipients"/>, an account notice to
/// the address <see cref="AccountDirectory"/> finds for the account it names. The HTTP and Lambda hosts both call this.
/// </summary>
public sealed class AlertHandler(
    AlertDeliveryStore store,
    AccountDirectory accounts,
    AlertMailer mailer,
    IOptions<AlertHandlerOptions> options,
    ILogger<AlertHandler> logger)
{
    /// <summary>Handles <paramref name="message"/>. Database failures propagate; mail failures become an outcome.</summary>
    public Task<AlertOutcome> HandleAsync(IValidMessage message, CancellationToken cancellationToken) => message switch
    {
        ValidAlert alert => HandleAlertAsync(alert, cancellationToken),
        ValidAccountNotice notice => HandleNoticeAsync(notice, cancellationToken),
        _ => throw new ArgumentException($"Unknown message type {message?.GetType().Name}.", nameof(message)),
    };

    private async Task<AlertOutcome> HandleAlertAsync(ValidAlert alert, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var recipients = AlertMessageValidator.ParseRecipients(settings.Recipients, []);
        if (recipients.Count == 0)
        {
            logger.LogWarning("Alert {AlertId} not emailed: no administrator is configured (AlertFunction:Recipients)", alert.Id);
            return new AlertOutcome.NoRecipients(TimeSpan.FromSeconds(settings.MailRetryAfterSeconds));
        }

        var outcome = await DeliverOnceAsync(alert.Id, recipients, (from, to) => AlertEmailComposer.Compose(alert, from, to), cancellationToken).ConfigureAwait(false);
        if (outcome is AlertOutcome.Sent sent)
        {
            logger.LogInformation("Alert {AlertId} for photo {PhotoId} emailed to {Count} administrator(s)", alert.Id, alert.Message.PhotoId, sent.Recipients);
        }

        return outcome;
    }

    private async Task<AlertOutcome> HandleNoticeAsync(ValidAccountNotice notice, CancellationToken cancellationToken)
    {
        var address = await accounts.FindEmailAsync(notice.Message.AccountId, cancellationToken).ConfigureAwait(false);
        if (address is null || !AlertMessageValidator.TryParseAddress(address, out var recipient))
        {
            // The account was deleted after the notice was queued: there is nobody left to tell.
            logger.LogInformation("Account notice {NoticeId} not emailed: its account no longer exists", notice.Id);
            return new AlertOutcome.Skipped();
        }

        var baseUrl = options.Value.PublicBaseUrl;
        var outcome = await DeliverOnceAsync(
            notice.Id, [recipient], (from, to) => AccountNoticeComposer.Compose(notice, from, to, baseUrl), cancellationToken).ConfigureAwait(false);
        if (outcome is AlertOutcome.Sent)
        {
            logger.LogInformation("Account notice {NoticeId} ({Notice}) emailed to the account's owner", notice.Id, notice.Message.Notice);
        }

        return outcome;
    }

    private async Task<AlertOutcome> DeliverOnceAsync(
        Guid id, IReadOnlyList<MailboxAddress> recipients, Func<MailboxAddress, MailboxAddress, MimeMessage> compose, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var claim = await store.ClaimAsync(id, TimeSpan.FromSeconds(settings.LeaseSeconds), cancellationToken).ConfigureAwait(false);
        switch (claim)
        {
            case AlertDeliveryClaim.AlreadySent:
                logger.LogInformation("Message {AlertId} was already emailed; acknowledged as a duplicate", id);
                return new AlertOutcome.Duplicate();
            case AlertDeliveryClaim.HeldElsewhere held:
                logger.LogInformation("Message {AlertId} is being delivered by another attempt; retry in {RetryAfter}", id, held.RetryAfter);
                return new AlertOutcome.InProgress(held.RetryAfter);
        }

        var lease = (AlertDeliveryClaim.Acquired)claim;
        var pending = recipients.Where(recipient => !lease.DeliveredTo.Contains(recipient.Address)).ToList();
        try
        {
            await mailer.SendAsync(
                id,
                pending,
                compose,
                (recipient, token) => store.MarkDeliveredToAsync(id, lease.LeaseToken, recipient.Address, token),
                cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (AlertMailer.IsMailFailure(exception))
        {
            logger.LogWarning(exception, "Mail server failed while emailing message {AlertId}; the sender will retry", id);
            await ReleaseQuietlyAsync(id, lease.LeaseToken, exception).ConfigureAwait(false);
            return new AlertOutcome.MailUnavailable(TimeSpan.FromSeconds(settings.MailRetryAfterSeconds), exception.Message);
        }
        catch (Exception exception)
        {
            await ReleaseQuietlyAsync(id, lease.LeaseToken, exception).ConfigureAwait(false);
            throw;
        }

        if (!await store.MarkSentAsync(id, lease.LeaseToken, cancellationToken).ConfigureAwait(false))
        {
            logger.LogWarning("Message {AlertId} outlived its lease while sending; another attempt may email it again", id);
        }

        // Each delivery also forgets the records of messages sent long ago; there is no other loop on Lambda to do it.
        await store.ForgetSentAsync(TimeSpan.FromDays(settings.DeliveryRecordDays), cancellationToken).ConfigureAwait(false);
        return new AlertOutcome.Sent(pending.Count);
    }

    // The lease would expire by itself; giving it back early only lets the sender's retry proceed sooner,
    // so a failure here must not hide the original error.
    private async Task ReleaseQuietlyAsync(Guid id, Guid leaseToken, Exception cause)
    {
        try
        {
            await store.ReleaseAsync(id, leaseToken, $"{cause.GetType().Name}: {cause.Message}", CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception) when (DatabaseAvailability.IsUnavailable(exception))
        {
            logger.LogWarning(exception, "Could not release the lease of message {AlertId}; it expires by itself", id);
        }
    }
}
