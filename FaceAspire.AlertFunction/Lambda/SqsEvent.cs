namespace FaceAspire.AlertFunction.Lambda;

/// <summary>The part of an SQS event source payload the function reads (<c>Records[].messageId</c>, <c>body</c>).</summary>
public sealed record SqsEvent(IReadOnlyList<SqsMessage>? Records);

/// <summary>One SQS message; its body is an <see cref="Contracts.AlertMessage"/> in JSON.</summary>
public sealed record SqsMessage(string? MessageId, string? Body);

/// <summary>
/// Partial batch response: only the listed messages return to the queue (the event source mapping must
/// have <c>ReportBatchItemFailures</c> enabled).
/// </summary>
public sealed record SqsBatchResponse(IReadOnlyList<SqsBatchItemFailure> BatchItemFailures);

/// <summary>A message to retry, by its SQS message id.</summary>
public sealed record SqsBatchItemFailure(string ItemIdentifier);
