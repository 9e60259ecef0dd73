namespace Retention.Core.Workflows;

/// <summary>One part of a scheduled workflow run that failed (a store's scans, one due step, the coupon cleanup); the message names it.</summary>
public sealed class WorkflowRunException(string message, Exception innerException) : Exception(message, innerException);
