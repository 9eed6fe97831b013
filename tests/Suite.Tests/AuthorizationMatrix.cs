using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>The expected answers of authorization-matrix.tsv: per RPC and caller, the status of a call with an empty request.</summary>
public static class AuthorizationMatrix
{
    public const string File = "authorization-matrix.tsv";

    public static string PathOf => Repository.PathOf("tests", "Suite.Tests", File);

    public static IReadOnlyDictionary<(string Rpc, string Caller), string> Read()
    {
        var lines = System.IO.File.ReadAllLines(PathOf).Where(l => l.Length > 0).ToList();
        var callers = lines[0].Split('\t');
        return lines.Skip(1).Select(l => l.Split('\t'))
            .SelectMany(cells => cells.Skip(1).Select((answer, i) => (Key: (cells[0], callers[i + 1]), Answer: answer)))
            .ToDictionary(x => x.Key, x => x.Answer);
    }
}
