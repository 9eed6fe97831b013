namespace Pvi.ServiceData;

/// <summary>A validated AIP-158 page request: its size and the key after which it starts.</summary>
public readonly record struct PageRequest(int Size, string? AfterKey);
