using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Data;

namespace Pvi.Gateway.Extensions;

/// <summary>The demo users of seeds/users.json, one per role, for development tokens.</summary>
public sealed class DevelopmentUsers(IReadOnlyList<SuiteUser> users)
{
    public IReadOnlyList<SuiteUser> All { get; } = users;

    public SuiteUser? Find(string id) => All.FirstOrDefault(user => string.Equals(user.Id, id, StringComparison.Ordinal));

    public static DevelopmentUsers Load() => new(SeedFiles.Read<List<SuiteUser>>("users.json"));
}

public static class DevelopmentTokenEndpoints
{
    /// <summary>
    /// Development environment only: <c>GET /dev/users</c> lists the demo users and
    /// <c>POST /dev/tokens/{user}</c> returns a signed token for one (text/plain), so that every
    /// README example works with curl. In any other environment these routes do not exist.
    /// </summary>
    public static void MapDevelopmentTokens(this WebApplication app)
    {
        var group = app.MapGroup("/dev").AllowAnonymous().DisableRateLimiting();

        group.MapGet("/users", (DevelopmentUsers users) =>
            users.All.Select(user => new { user.Id, user.Name, user.Roles, user.Unit, user.Team, user.Rsc, user.NdvMember, user.Description }));

        group.MapPost("/tokens/{user}", (string user, DevelopmentUsers users, TokenIssuer issuer, GatewaySettings settings) =>
            users.Find(user) is { } found
                ? Results.Text(issuer.Issue(found, settings.DevelopmentTokenLifetime))
                : Results.NotFound($"No demo user '{user}'; GET /dev/users lists them."));
    }
}
