using System.Text.Json;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>The demo users of seeds/users.json, for tokens signed with the Development key when no gateway runs.</summary>
public static class DemoUsers
{
    private static readonly Lazy<IReadOnlyDictionary<string, SuiteUser>> Users = new(() =>
        JsonSerializer.Deserialize<List<SuiteUser>>(File.ReadAllText(Repository.PathOf("seeds", "users.json")), new JsonSerializerOptions(JsonSerializerDefaults.Web))!
            .ToDictionary(u => u.Id));

    public static SuiteUser Get(string id) => Users.Value[id];

    /// <summary>The id of the first demo user with the role, as the gateway's /dev/users lists them.</summary>
    public static string WithRole(string role) => Users.Value.Values.First(u => u.Roles.Contains(role)).Id;
}
