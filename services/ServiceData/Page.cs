namespace Pvi.ServiceData;

/// <summary>One page of results and the token of the next page (empty on the last).</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string NextPageToken);
