namespace Pvi.ServiceData;

/// <summary>What a retry-safe create stores with what it created: the caller's request id (none when not given) and the request's fingerprint.</summary>
public readonly record struct CreateKey(string? ClientRequestId, string Fingerprint);
