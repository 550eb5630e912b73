using MimeKit;

namespace FaceAspire.AlertFunction.Contracts;

/// <summary>
/// Checks an <see cref="AlertMessage"/> or an <see cref="AccountNoticeMessage"/> field by field. Errors are keyed by the camelCase JSON name so
/// they can be returned as an RFC 9110 validation problem.
/// </summary>
public static class AlertMessageValidator
{
    /// <summary>Most administrators the function may be configured to e-mail.</summary>
    public const int MaxRecipients = 50;

    /// <summary>Largest thumbnail accepted, decoded.</summary>
    public const int MaxThumbnailBytes = 64 * 1024;

    private const int MaxTextLength = 320;
    private const int MaxReasonLength = 500;

    /// <summary>Returns the parsed alert, or the errors that make it unusable.</summary>
    /// <param name="message">The alert as received.</param>
    /// <param name="reviewBase">When set, the review link must lie under it (<c>AlertFunction:PublicBaseUrl</c>).</param>
    public static (ValidAlert? Alert, IDictionary<string, string[]> Errors) Validate(AlertMessage message, Uri? reviewBase = null)
    {
        ArgumentNullException.ThrowIfNull(message);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);

        Require(errors, "alertId", message.AlertId != Guid.Empty, "alertId is required and must be a non-empty GUID.");
        Require(errors, "photoId", message.PhotoId != Guid.Empty, "photoId is required and must be a non-empty GUID.");
        Require(errors, "ownerId", IsText(message.OwnerId, MaxTextLength), $"ownerId is required (at most {MaxTextLength} characters).");
        Require(errors, "ownerEmail", IsText(message.OwnerEmail, MaxTextLength) && TryParseAddress(message.OwnerEmail, out _),
            "ownerEmail must be an email address.");
        Require(errors, "reason", IsText(message.Reason, MaxReasonLength), $"reason is required (at most {MaxReasonLength} characters).");
        Require(errors, "createdAt", message.CreatedAt != default, "createdAt is required (ISO 8601 date and time with offset).");
        Require(errors, "faceCount", message.FaceCount >= 0, "faceCount cannot be negative.");
        ValidateConfidence(errors, message);
        Require(errors, "reviewUrl",
            message.ReviewUrl is { IsAbsoluteUri: true } url && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp),
            "reviewUrl must be an absolute http or https URL.");
        if (reviewBase is not null)
        {
            Require(errors, "reviewUrl", IsUnder(message.ReviewUrl, reviewBase), $"reviewUrl must lie under {reviewBase}.");
        }

        var thumbnail = ValidateThumbnail(errors, message.ThumbnailJpegBase64);

        return errors.Count == 0
            ? (new ValidAlert(message, thumbnail), errors)
            : (null, errors);
    }

    /// <summary>Returns the parsed account notice, or the errors that make it unusable.</summary>
    public static (ValidAccountNotice? Notice, IDictionary<string, string[]> Errors) Validate(AccountNoticeMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        Require(errors, "noticeId", message.NoticeId != Guid.Empty, "noticeId is required and must be a non-empty GUID.");
        Require(errors, "accountId", message.AccountId != Guid.Empty, "accountId is required and must be a non-empty GUID.");
        Require(errors, "notice", message.Notice is AccountNoticeMessage.Welcome or AccountNoticeMessage.RegistrationAttempt,
            $"notice must be {AccountNoticeMessage.Welcome} or {AccountNoticeMessage.RegistrationAttempt}.");
        Require(errors, "createdAt", message.CreatedAt != default, "createdAt is required (ISO 8601 date and time with offset).");
        return errors.Count == 0 ? (new ValidAccountNotice(message), errors) : (null, errors);
    }

    private static void ValidateConfidence(Dictionary<string, string[]> errors, AlertMessage message)
    {
        if (message.BestConfidence is { } confidence)
        {
            Require(errors, "bestConfidence", double.IsFinite(confidence) && confidence is >= 0 and <= 100,
                "bestConfidence is a percentage between 0 and 100.");
            Require(errors, "faceCount", message.FaceCount > 0, "faceCount must be positive when bestConfidence is given.");
        }
        else
        {
            Require(errors, "bestConfidence", message.FaceCount == 0, "bestConfidence is required when faces were found (faceCount > 0).");
        }
    }

    /// <summary>
    /// Parses the configured administrator addresses (<c>AlertFunction:Recipients</c>): distinct bare addresses, at most
    /// <see cref="MaxRecipients"/>; what is wrong with them goes to <paramref name="errors"/>.
    /// </summary>
    public static List<MailboxAddress> ParseRecipients(IReadOnlyList<string>? recipients, Dictionary<string, string[]> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var parsed = new List<MailboxAddress>();
        if (recipients is null || recipients.Count > MaxRecipients)
        {
            errors["recipients"] = [$"AlertFunction:Recipients holds at most {MaxRecipients} e-mail addresses."];
            return parsed;
        }

        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var invalid = new List<string>();
        for (var i = 0; i < recipients.Count; i++)
        {
            if (!IsText(recipients[i], MaxTextLength) || !TryParseAddress(recipients[i], out var address))
            {
                invalid.Add($"AlertFunction:Recipients:{i} is not a bare e-mail address.");
            }
            else if (seen.Add(address.Address))
            {
                parsed.Add(address);
            }
        }

        if (invalid.Count > 0)
        {
            errors["recipients"] = [.. invalid];
        }

        return parsed;
    }

    private static byte[]? ValidateThumbnail(Dictionary<string, string[]> errors, string? base64)
    {
        if (base64 is null)
        {
            return null;
        }

        // Base64 of MaxThumbnailBytes is at most this long; checking first avoids decoding a huge string.
        if (base64.Length > (MaxThumbnailBytes + 2) / 3 * 4)
        {
            errors["thumbnailJpegBase64"] = [$"thumbnailJpegBase64 is larger than {MaxThumbnailBytes} bytes."];
            return null;
        }

        var buffer = new byte[MaxThumbnailBytes];
        if (!Convert.TryFromBase64String(base64, buffer, out var length))
        {
            errors["thumbnailJpegBase64"] = ["thumbnailJpegBase64 is not valid base64."];
            return null;
        }

        // Every JPEG starts with the SOI marker followed by another marker.
        if (length < 4 || buffer[0] != 0xFF || buffer[1] != 0xD8 || buffer[2] != 0xFF)
        {
            errors["thumbnailJpegBase64"] = ["thumbnailJpegBase64 is not a JPEG image."];
            return null;
        }

        return buffer[..length];
    }

    /// <summary>True when <paramref name="text"/> is one bare e-mail address (no display name, no group).</summary>
    public static bool TryParseAddress(string text, out MailboxAddress address)
    {
        // Only bare addresses: a display name or a group would let a sender smuggle extra recipients.
        if (MailboxAddress.TryParse(text, out var parsed)
            && string.IsNullOrEmpty(parsed.Name)
            && parsed.Address.Contains('@', StringComparison.Ordinal)
            && !parsed.Address.StartsWith('@')
            && !parsed.Address.EndsWith('@'))
        {
            address = parsed;
            return true;
        }

        address = null!;
        return false;
    }

    /// <summary>Same scheme, host and port as <paramref name="root"/>, and a path inside its path.</summary>
    public static bool IsUnder(Uri? url, Uri root)
    {
        ArgumentNullException.ThrowIfNull(root);
        if (url is not { IsAbsoluteUri: true } || !string.IsNullOrEmpty(url.UserInfo))
        {
            return false;
        }

        var rootPath = root.AbsolutePath.EndsWith('/') ? root.AbsolutePath : root.AbsolutePath + "/";
        return Uri.Compare(url, root, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0
            && url.AbsolutePath.StartsWith(rootPath, StringComparison.Ordinal)
            && !url.AbsolutePath.Contains("/../", StringComparison.Ordinal);
    }

    private static bool IsText(string? value, int maxLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= maxLength;

    private static void Require(Dictionary<string, string[]> errors, string key, bool condition, string message)
    {
        if (!condition && !errors.ContainsKey(key))
        {
            errors[key] = [message];
        }
    }
}
