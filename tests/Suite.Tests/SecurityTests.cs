using System.Text;
using Google.Protobuf;
using Grpc.Net.Client;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// Who may call what, on the local run started as the README says: every RPC of every service,
/// through the gateway, with every role and with no token, an expired token and a token signed by
/// another key, compared with the matrix kept in authorization-matrix.tsv; and every service reached
/// directly, past the gateway, refuses a call without a valid token.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class SecurityTests(LocalSuiteFixture suite, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LocalSuiteFixture>
{
    private const string MatrixFile = "authorization-matrix.tsv";

    /// <summary>The callers of the matrix, in its column order: a token each (null: none).</summary>
    private static readonly IReadOnlyList<(string Caller, string? Token)> Callers =
    [
        ("no-token", null),
        ("expired", TestTokens.Expired(Roles.NationalManagement)),
        ("foreign-key", TestTokens.SignedByStranger(Roles.NationalManagement)),
        .. Roles.All.Select(role => (role, (string?)TestTokens.For(new SuiteUser
        {
            Id = $"matrix-{role}", Name = role, Roles = [role], Unit = "AM", Team = "AM-CEN", Rsc = "RSC-AM", NdvMember = "ndv-0001",
        }))),
    ];

    [Fact]
    public async Task Every_RPC_answers_every_caller_as_the_authorization_matrix_says()
    {
        using var channel = GrpcChannel.ForAddress(LocalSuite.GatewayGrpc);
        var invoker = channel.CreateCallInvoker();
        var actual = new List<string> { string.Join('\t', ["rpc", .. Callers.Select(c => c.Caller)]) };
        foreach (var method in RpcProbe.Methods)
        {
            var row = new List<string> { RpcProbe.Name(method) };
            foreach (var (_, token) in Callers)
            {
                // The empty request: whatever a caller may not do, it learns nothing about the request either.
                row.Add(await RpcProbe.CallAsync(invoker, method, (IMessage)Activator.CreateInstance(method.InputType.ClrType)!, token));
            }

            actual.Add(string.Join('\t', row));
        }

        var path = Repository.PathOf("tests", "Suite.Tests", MatrixFile);
        if (Environment.GetEnvironmentVariable("PVI_WRITE_AUTHORIZATION_MATRIX") == "1")
        {
            await File.WriteAllLinesAsync(path, actual);
        }

        var expected = (await File.ReadAllLinesAsync(path)).Where(l => l.Length > 0).ToList();
        var expectedRows = expected.Skip(1).ToDictionary(l => l.Split('\t')[0]);
        var differences = new StringBuilder();
        if (expected[0] != actual[0])
        {
            differences.AppendLine($"callers differ: expected {expected[0]}, now {actual[0]}");
        }

        foreach (var row in actual.Skip(1))
        {
            var rpc = row.Split('\t')[0];
            if (!expectedRows.Remove(rpc, out var wanted))
            {
                differences.AppendLine($"{rpc} has no row in {MatrixFile}; it answers: {row}");
            }
            else if (wanted != row)
            {
                var cells = row.Split('\t');
                var wantedCells = wanted.Split('\t');
                for (var i = 1; i < cells.Length && i < wantedCells.Length; i++)
                {
                    if (cells[i] != wantedCells[i])
                    {
                        differences.AppendLine($"{rpc} for {Callers[i - 1].Caller}: expected {wantedCells[i]}, answered {cells[i]}");
                    }
                }
            }
        }

        foreach (var gone in expectedRows.Keys)
        {
            differences.AppendLine($"{gone} is in {MatrixFile} but not in the suite");
        }

        output.WriteLine($"{actual.Count - 1} RPCs x {Callers.Count} callers = {(actual.Count - 1) * Callers.Count} calls through the gateway");
        Assert.True(differences.Length == 0, differences.ToString());
    }

    [Theory]
    [InlineData(5102)]
    [InlineData(5202)]
    [InlineData(5302)]
    [InlineData(5402)]
    public async Task A_service_reached_directly_past_the_gateway_refuses_every_call_without_a_valid_token(int grpcPort)
    {
        using var channel = GrpcChannel.ForAddress($"http://localhost:{grpcPort}");
        var invoker = channel.CreateCallInvoker();
        var service = RpcProbe.Services.Single(s => s.FullName.StartsWith(grpcPort switch
        {
            5102 => "pvi.ndv.",
            5202 => "pvi.overflow.",
            5302 => "pvi.complaints.",
            _ => "pvi.survey.",
        }, StringComparison.Ordinal));
        foreach (var method in service.Methods)
        {
            foreach (var (caller, token) in Callers.Take(3))
            {
                var status = await RpcProbe.CallAsync(invoker, method, (IMessage)Activator.CreateInstance(method.InputType.ClrType)!, token);
                Assert.True(status == "Unauthenticated", $"{RpcProbe.Name(method)} reached directly with {caller}: {status}");
            }
        }

        Assert.False(suite.Process.HasExited);
    }
}
