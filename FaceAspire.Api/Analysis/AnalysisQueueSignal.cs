using FaceAspire.Api.Infrastructure;

namespace FaceAspire.Api.Analysis;

/// <summary>Signalled when this instance queues an analysis job.</summary>
public sealed class AnalysisQueueSignal : WorkSignal;
