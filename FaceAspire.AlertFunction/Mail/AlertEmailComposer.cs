using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using FaceAspire.AlertFunction.Contracts;
using MimeKit;

namespace FaceAspire.AlertFunction.Mail;

/// <summary>Writes the email one administrator receives for one alert: plain text, HTML and the inline thumbnail.</summary>
public static class AlertEmailComposer
{
    /// <summary>Header carrying the alert id, for mail filters and for tracing a message back to its alert.</summary>
    public const string AlertIdHeader = "X-FaceAspire-Alert-Id";

    /// <summary>Content id of the inline thumbnail, referenced as <c>cid:</c> from the HTML body.</summary>
    public const string ThumbnailContentId = "photo-thumbnail@faceaspire";

    /// <summary>Builds the message from <paramref name="from"/> to <paramref name="recipient"/>.</summary>
    public static MimeMessage Compose(ValidAlert alert, MailboxAddress from, MailboxAddress recipient)
    {
        ArgumentNullException.ThrowIfNull(alert);
        var message = alert.Message;
        var confidence = message.BestConfidence is { } best
            ? string.Create(CultureInfo.InvariantCulture, $"{best:0.#}% (faces found: {message.FaceCount})")
            : "no face found";
        var created = message.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture);

        var mime = new MimeMessage();
        mime.From.Add(from);
        mime.To.Add(recipient);
        mime.Subject = message.BestConfidence is { } value
            ? string.Create(CultureInfo.InvariantCulture, $"FaceAspire alert: low face confidence ({value:0.#}%) in photo {message.PhotoId}")
            : $"FaceAspire alert: no face found in photo {message.PhotoId}";
        mime.Date = message.CreatedAt;
        // Stable per alert and recipient: if a crash forces a resend, mail clients can fold the copies together.
        mime.MessageId = $"alert.{message.AlertId:N}.{RecipientHash(recipient)}@faceaspire";
        mime.Headers.Add(AlertIdHeader, message.AlertId.ToString());

        var body = new BodyBuilder
        {
            TextBody = $"""
                A photo was analysed and no face in it reached 50% confidence. Please review it.

                Photo:           {message.PhotoId}
                Owner:           {message.OwnerEmail} (account {message.OwnerId})
                Best confidence: {confidence}
                Reason:          {message.Reason}
                Time:            {created}
                Review:          {message.ReviewUrl.AbsoluteUri}

                Alert id: {message.AlertId}
                """,
        };

        var thumbnailHtml = string.Empty;
        if (alert.ThumbnailJpeg is { } jpeg)
        {
            var image = body.LinkedResources.Add("thumbnail.jpg", jpeg, new ContentType("image", "jpeg"));
            image.ContentId = ThumbnailContentId;
            thumbnailHtml = $"""<p><img src="cid:{ThumbnailContentId}" alt="Photo thumbnail" style="max-width:320px"></p>""";
        }

        body.HtmlBody = $"""
            <html><body style="font-family:sans-serif">
            <p>A photo was analysed and no face in it reached 50% confidence. Please review it.</p>
            {thumbnailHtml}
            <table cellpadding="4">
            <tr><th align="left">Photo</th><td>{Html(message.PhotoId.ToString())}</td></tr>
            <tr><th align="left">Owner</th><td>{Html(message.OwnerEmail)} (account {Html(message.OwnerId)})</td></tr>
            <tr><th align="left">Best confidence</th><td>{Html(confidence)}</td></tr>
            <tr><th align="left">Reason</th><td>{Html(message.Reason)}</td></tr>
            <tr><th align="left">Time</th><td>{Html(created)}</td></tr>
            </table>
            <p><a href="{Html(message.ReviewUrl.AbsoluteUri)}">Review the photo</a></p>
            <p style="color:#777">Alert id: {Html(message.AlertId.ToString())}</p>
            </body></html>
            """;

        mime.Body = body.ToMessageBody();
        return mime;
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);

    private static string RecipientHash(MailboxAddress recipient) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(recipient.Address.ToUpperInvariant())))[..16];
}
