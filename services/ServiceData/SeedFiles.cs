using System.Text.Json;

namespace Pvi.ServiceData;

/// <summary>
/// Reads the demo data that each project copies from the repository's seeds/ folder into its
/// output (seeds/ beside the assembly), so the same files serve a local run and a container.
/// </summary>
public static class SeedFiles
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static string PathOf(string relativePath) => Path.Combine(AppContext.BaseDirectory, "seeds", relativePath);

    public static async Task<T> ReadAsync<T>(string relativePath, CancellationToken cancellationToken = default)
    {
        await using var stream = File.OpenRead(PathOf(relativePath));
        return await JsonSerializer.DeserializeAsync<T>(stream, Json, cancellationToken).ConfigureAwait(false)
            ?? throw new InvalidDataException($"Seed file {relativePath} is empty.");
    }

    public static T Read<T>(string relativePath)
    {
        using var stream = File.OpenRead(PathOf(relativePath));
        return JsonSerializer.Deserialize<T>(stream, Json)
            ?? throw new InvalidDataException($"Seed file {relativePath} is empty.");
    }
}
