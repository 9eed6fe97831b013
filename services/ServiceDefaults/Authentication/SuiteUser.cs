namespace Pvi.ServiceDefaults.Authentication;

/// <summary>A user as the suite's tokens describe them (the demo users in seeds/users.json).</summary>
public sealed record SuiteUser
{
    public required string Id { get; init; }

    public required string Name { get; init; }

    public IReadOnlyList<string> Roles { get; init; } = [];

    public string? Unit { get; init; }

    public string? Team { get; init; }

    public string? Rsc { get; init; }

    public string? NdvMember { get; init; }

    public string? Description { get; init; }
}
