namespace FaceAspire.AlertFunction.Contracts;

/// <summary>
/// An account notice, as the API's outbox dispatcher sends it (body of <c>POST /alerts</c>, an SQS message body or an
/// SNS message, with <c>"kind": "account-notice"</c>). JSON, camelCase. See docs/ALERTS.md. It names the account, never
/// an address: the function reads the account's address from the <c>users</c> table itself, so a message cannot send
/// mail to anyone but the account's owner.
/// </summary>
/// <param name="NoticeId">Idempotency key: the same notice sent twice is e-mailed once.</param>
/// <param name="Notice"><c>welcome</c> (the account was created) or <c>registration-attempt</c> (someone tried to register the address again).</param>
/// <param name="AccountId">The account whose owner is told.</param>
/// <param name="CreatedAt">When the registration (attempt) happened.</param>
/// <param name="Kind">Always <c>account-notice</c>.</param>
public sealed record AccountNoticeMessage(Guid NoticeId, string? Notice, Guid AccountId, DateTimeOffset CreatedAt, string? Kind = AccountNoticeMessage.MessageKind)
{
    /// <summary>The body's <c>kind</c> of an account notice.</summary>
    public const string MessageKind = "account-notice";

    /// <summary>Value of <see cref="Notice"/> for a new account.</summary>
    public const string Welcome = "welcome";

    /// <summary>Value of <see cref="Notice"/> for an attempt to register an address that has an account.</summary>
    public const string RegistrationAttempt = "registration-attempt";
}

/// <summary>An <see cref="AccountNoticeMessage"/> that passed validation.</summary>
/// <param name="Message">The message as received.</param>
public sealed record ValidAccountNotice(AccountNoticeMessage Message) : IValidMessage
{
    /// <inheritdoc />
    public Guid Id => Message.NoticeId;

    /// <summary>True for <see cref="AccountNoticeMessage.Welcome"/>, false for <see cref="AccountNoticeMessage.RegistrationAttempt"/>.</summary>
    public bool IsWelcome => Message.Notice == AccountNoticeMessage.Welcome;
}
