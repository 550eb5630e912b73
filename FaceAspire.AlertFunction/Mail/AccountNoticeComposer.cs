using System.Globalization;
using System.Net;
using FaceAspire.AlertFunction.Contracts;
using MimeKit;

namespace FaceAspire.AlertFunction.Mail;

/// <summary>
/// Writes the e-mail an account's owner receives for an account notice. It tells nothing the owner does not know
/// already and links only to the sign-in page under the configured public address.
/// </summary>
public static class AccountNoticeComposer
{
    /// <summary>Header carrying the notice id, for mail filters and for tracing a message back to its notice.</summary>
    public const string NoticeIdHeader = "X-FaceAspire-Notice-Id";

    public const string WelcomeSubject = "Your FaceAspire account is ready";

    public const string RegistrationAttemptSubject = "Someone tried to create a FaceAspire account with your address";

    /// <summary>Builds the notice from <paramref name="from"/> to <paramref name="recipient"/>; <paramref name="publicBaseUrl"/> (the web app) gives the sign-in link.</summary>
    public static MimeMessage Compose(ValidAccountNotice notice, MailboxAddress from, MailboxAddress recipient, Uri? publicBaseUrl)
    {
        ArgumentNullException.ThrowIfNull(notice);
        var message = notice.Message;
        var when = message.CreatedAt.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        var signIn = publicBaseUrl is null ? null : new Uri(publicBaseUrl.AbsoluteUri.TrimEnd('/') + "/signin");

        var mime = new MimeMessage();
        mime.From.Add(from);
        mime.To.Add(recipient);
        mime.Subject = notice.IsWelcome ? WelcomeSubject : RegistrationAttemptSubject;
        mime.Date = message.CreatedAt;
        // Stable per notice: if a crash forces a resend, mail clients can fold the copies together.
        mime.MessageId = $"notice.{message.NoticeId:N}@faceaspire";
        mime.Headers.Add(NoticeIdHeader, message.NoticeId.ToString());

        string[] paragraphs = notice.IsWelcome
            ?
            [
                $"A FaceAspire account was created for this e-mail address on {when}.",
                "Sign in with the password you chose:",
                "If you did not create this account, someone else used your address: tell the administrators of this FaceAspire site so that they can remove it.",
            ]
            :
            [
                $"Someone tried to create a new FaceAspire account with this e-mail address on {when}. This address already has an account, so no new account was made and nothing about your account changed: its password is the one you had.",
                "If it was you, sign in with your existing password:",
                "If you no longer know your password, ask the administrators of this FaceAspire site for help. If it was not you, you need not do anything.",
            ];

        var link = signIn?.AbsoluteUri ?? "(the sign-in page of this FaceAspire site)";
        var body = new BodyBuilder
        {
            TextBody = $"""
                {paragraphs[0]}

                {paragraphs[1]} {link}

                {paragraphs[2]}
                """,
            HtmlBody = $"""
                <html><body style="font-family:sans-serif">
                <p>{Html(paragraphs[0])}</p>
                <p>{Html(paragraphs[1])} {(signIn is null ? Html(link) : $"<a href=\"{Html(signIn.AbsoluteUri)}\">Sign in to FaceAspire</a>")}</p>
                <p>{Html(paragraphs[2])}</p>
                </body></html>
                """,
        };
        mime.Body = body.ToMessageBody();
        return mime;
    }

    private static string Html(string text) => WebUtility.HtmlEncode(text);
}
