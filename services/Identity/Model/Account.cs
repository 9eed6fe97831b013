using Pvi.ServiceDefaults.Authentication;

namespace Pvi.Identity.Model;

/// <summary>A person or function that can sign in, with the claims the suite's tokens carry.</summary>
public sealed class Account
{
    public required string Id { get; init; }

    public required string Name { get; set; }

    public List<string> Roles { get; set; } = [];

    public string? Unit { get; set; }

    public string? Team { get; set; }

    public string? Rsc { get; set; }

    public string? NdvMember { get; set; }

    /// <summary>What the account is for, shown on the development sign-in page.</summary>
    public string? Description { get; set; }

    public SuiteUser ToSuiteUser() => new()
    {
        Id = Id,
        Name = Name,
        Roles = Roles,
        Unit = Unit,
        Team = Team,
        Rsc = Rsc,
        NdvMember = NdvMember,
        Description = Description,
    };

    public static Account From(SuiteUser user) => new()
    {
        Id = user.Id,
        Name = user.Name,
        Roles = [.. user.Roles],
        Unit = user.Unit,
        Team = user.Team,
        Rsc = user.Rsc,
        NdvMember = user.NdvMember,
        Description = user.Description,
    };
}
