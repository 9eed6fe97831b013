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

    /// <summary>The matrix's refused callers: no token, an expired one of the provider, one signed by a key it never published.</summary>
    private static readonly Lazy<IReadOnlyList<(string Caller, string? Token)>> Refused = new(() =>
    [
        ("no-token", null),
        ("expired", LocalSuite.Tokens.Expired(Roles.NationalManagement)),
        ("foreign-key", LocalSuite.Tokens.SignedByUnpublishedKey(Roles.NationalManagement)),
    ]);

    /// <summary>More forgeries, each of a role that could do much: all refused as unauthenticated.</summary>
    private static readonly Lazy<IReadOnlyList<(string Caller, string? Token)>> Forged = new(() =>
    [
        ("another-issuer", LocalSuite.Tokens.FromAnotherIssuer(Roles.NationalManagement)),
        ("another-audience", LocalSuite.Tokens.ForAnotherAudience(Roles.NationalManagement)),
        ("alg-none", LocalSuite.Tokens.Unsigned(Roles.NationalManagement)),
        ("hs256-with-the-public-key", LocalSuite.Tokens.SignedWithThePublicKeyAsSecret(Roles.NationalManagement)),
    ]);

    /// <summary>The callers of the matrix, in its column order: a token each of the suite's provider (null: none).</summary>
    private static readonly Lazy<IReadOnlyList<(string Caller, string? Token)>> MatrixCallers = new(() =>
    [
        .. Refused.Value,
        .. Roles.All.Select(role => (role, (string?)LocalSuite.Tokens.For(new SuiteUser
        {
            Id = $"matrix-{role}", Name = role, Roles = [role], Unit = "AM", Team = "AM-CEN", Rsc = "RSC-AM", NdvMember = "ndv-0001",
        }))),
    ]);

    private static IReadOnlyList<(string Caller, string? Token)> Callers => MatrixCallers.Value;

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

    [Fact]
    public async Task Invalid_requests_to_every_RPC_get_a_clear_error_never_an_internal_one_and_change_no_row()
    {
        using var channel = GrpcChannel.ForAddress(LocalSuite.GatewayGrpc, new GrpcChannelOptions { MaxSendMessageSize = null });
        var invoker = channel.CreateCallInvoker();
        var permitted = await PermittedCallersAsync();
        await SuiteDatabases.WaitUntilEventsDeliveredAsync(suite.DataFolder);
        var rowsBefore = await SuiteDatabases.CountRowsAsync(suite.DataFolder);
        var fuzzer = new RequestFuzzer(20261128);
        var (tried, answers, failures) = (0, new Dictionary<string, int>(), new List<string>());
        foreach (var method in RpcProbe.Methods.Where(m => m.InputType.Fields.InDeclarationOrder().Count > 0))
        {
            if (!permitted.TryGetValue(RpcProbe.Name(method), out var role))
            {
                continue; // nobody of the matrix may call it: the matrix test covers its refusals
            }

            var readOnly = method.GetOptions()?.IdempotencyLevel == Google.Protobuf.Reflection.MethodOptions.Types.IdempotencyLevel.NoSideEffects;
            foreach (var request in fuzzer.EachField(method.InputType).Concat(Enumerable.Range(0, 40).Select(_ => fuzzer.Random(method.InputType))))
            {
                // A fresh subject now and then, so that the gateway's per-user rate limit does not slow the run.
                var token = LocalSuite.Tokens.For(new SuiteUser { Id = $"fuzz-{role}-{tried / 100}", Name = role, Roles = [role], Unit = "AM", Team = "AM-CEN", Rsc = "RSC-AM", NdvMember = "ndv-0001" });
                var status = await RpcProbe.CallAsync(invoker, method, request, token);
                tried++;
                answers[status] = answers.GetValueOrDefault(status) + 1;
                if (!(status is "InvalidArgument" or "FailedPrecondition" or "NotFound" or "PermissionDenied" || (readOnly && status is "OK" or RpcProbe.StreamOpen)))
                {
                    failures.Add($"{RpcProbe.Name(method)} as {role}: {status} for {Shorten(request)}");
                }
            }
        }

        output.WriteLine($"{tried} invalid requests: {string.Join(", ", answers.OrderByDescending(a => a.Value).Select(a => $"{a.Key} {a.Value}"))}");
        foreach (var port in new[] { 5000, 5101, 5201, 5301, 5401 })
        {
            using var http = new HttpClient();
            Assert.True((await http.GetAsync(new Uri($"http://localhost:{port}/health/ready"))).IsSuccessStatusCode, $"the process on {port} is ready after the run");
        }

        var rowsAfter = await SuiteDatabases.CountRowsAsync(suite.DataFolder);
        var changed = rowsAfter.Where(t => rowsBefore.GetValueOrDefault(t.Key) != t.Value).Select(t => $"{t.Key}: {rowsBefore.GetValueOrDefault(t.Key)} -> {t.Value}").ToList();
        Assert.True(changed.Count == 0, "rows changed: " + string.Join(", ", changed));
        Assert.True(failures.Count == 0, string.Join('\n', failures.Take(40)));
    }

    /// <summary>
    /// What a caller sent in a field never comes back in an error (a complainant's name, a caller's
    /// number, a faith network's id would otherwise reach logs of clients and proxies): each string
    /// field of every RPC, and of the messages inside it, set to such values in a request that is
    /// invalid (the value too long or with a control character, the other fields empty), through
    /// the gateway as a caller the matrix allows.
    /// </summary>
    [Fact]
    public async Task Error_answers_never_repeat_a_sensitive_value_the_caller_sent()
    {
        string[] secrets = ["Samira Bakker", "+31101234567", "religion-islam"];
        var values = new[] { string.Join(' ', secrets) + "\u0007", string.Join(' ', secrets) + new string('x', 20_000) };
        using var channel = GrpcChannel.ForAddress(LocalSuite.GatewayGrpc);
        var invoker = channel.CreateCallInvoker();
        var permitted = await PermittedCallersAsync();
        var (errors, leaks) = (0, new List<string>());
        foreach (var method in RpcProbe.Methods)
        {
            if (!permitted.TryGetValue(RpcProbe.Name(method), out var role))
            {
                continue;
            }

            foreach (var request in values.SelectMany(value => WithEachStringField(method.InputType, value)))
            {
                var token = LocalSuite.Tokens.For(new SuiteUser { Id = $"echo-{role}-{errors / 100}", Name = role, Roles = [role], Unit = "AM", Team = "AM-CEN", Rsc = "RSC-AM", NdvMember = "ndv-0001" });
                var (status, text) = await RpcProbe.AnswerAsync(invoker, method, request, token);
                if (text.Length == 0)
                {
                    continue;
                }

                errors++;
                leaks.AddRange(secrets.Where(secret => text.Contains(secret, StringComparison.Ordinal)).Select(secret => $"{RpcProbe.Name(method)} {status} repeats {secret}: {text[..Math.Min(300, text.Length)]}"));
            }
        }

        output.WriteLine($"{errors} error answers searched");
        Assert.True(errors > 250, $"only {errors} error answers");
        Assert.True(leaks.Count == 0, string.Join('\n', leaks.Take(20)));
    }

    /// <summary>The message with one string field set (top level or one message down), the rest empty; once per such field.</summary>
    private static IEnumerable<IMessage> WithEachStringField(Google.Protobuf.Reflection.MessageDescriptor input, string value)
    {
        foreach (var field in input.Fields.InDeclarationOrder())
        {
            if (field.FieldType == Google.Protobuf.Reflection.FieldType.String)
            {
                var request = (IMessage)Activator.CreateInstance(input.ClrType)!;
                Set(request, field, value);
                yield return request;
            }
            else if (field.FieldType == Google.Protobuf.Reflection.FieldType.Message && !field.IsMap && field.MessageType.FullName.StartsWith("pvi.", StringComparison.Ordinal))
            {
                foreach (var inner in field.MessageType.Fields.InDeclarationOrder().Where(f => f.FieldType == Google.Protobuf.Reflection.FieldType.String))
                {
                    var nested = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                    Set(nested, inner, value);
                    var request = (IMessage)Activator.CreateInstance(input.ClrType)!;
                    Set(request, field, nested);
                    yield return request;
                }
            }
        }
    }

    private static void Set(IMessage message, Google.Protobuf.Reflection.FieldDescriptor field, object value)
    {
        if (field.IsRepeated)
        {
            ((System.Collections.IList)field.Accessor.GetValue(message)).Add(value);
        }
        else
        {
            field.Accessor.SetValue(message, value);
        }
    }

    [Fact]
    public async Task Malformed_HTTP_and_oversized_messages_are_refused_without_a_crash_or_a_write()
    {
        await SuiteDatabases.WaitUntilEventsDeliveredAsync(suite.DataFolder);
        var rowsBefore = await SuiteDatabases.CountRowsAsync(suite.DataFolder);
        var token = LocalSuite.Tokens.For(new SuiteUser { Id = "malformed", Name = "basic team", Roles = [Roles.BasicTeam], Unit = "AM", Team = "AM-CEN" });
        using var http = new HttpClient { BaseAddress = LocalSuite.GatewayHttp };
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);

        // Expect: 100-continue, as a careful client sends a large body: the gateway refuses it on its
        // length before a byte of it is sent (otherwise the refusal may close the connection while
        // the client is still writing, and the client sees a broken pipe instead of the answer).
        async Task<int> PostAsync(string body, string contentType)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri("/v1/ndv/requests", UriKind.Relative)) { Content = new StringContent(body, Encoding.UTF8, contentType) };
            request.Headers.ExpectContinue = true;
            using var response = await http.SendAsync(request);
            return (int)response.StatusCode;
        }

        Assert.Equal(400, await PostAsync("{\"unit\": \"AM\", ", "application/json"));
        Assert.Equal(400, await PostAsync("{\"unit\": 5, \"expectedHours\": \"many\"}", "application/json"));
        Assert.Equal(400, await PostAsync("unit=AM", "text/plain"));
        Assert.Equal(413, await PostAsync("{\"description\": \"" + new string('a', 2_000_000) + "\"}", "application/json"));

        // gRPC over the gateway and directly: a message over 1 MiB is refused, never handled.
        var huge = new Pvi.Ndv.V1.CreateExpertiseRequestRequest { Unit = "AM", Description = new string('a', 2_000_000) };
        using var viaGateway = GrpcChannel.ForAddress(LocalSuite.GatewayGrpc, new GrpcChannelOptions { MaxSendMessageSize = null });
        var gatewayError = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new Pvi.Ndv.V1.NdvMatchingService.NdvMatchingServiceClient(viaGateway)
            .CreateExpertiseRequestAsync(huge, new Grpc.Core.Metadata { { "authorization", "Bearer " + token } }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, gatewayError.StatusCode);
        using var direct = GrpcChannel.ForAddress("http://localhost:5102", new GrpcChannelOptions { MaxSendMessageSize = null });
        var directError = await Assert.ThrowsAsync<Grpc.Core.RpcException>(() => new Pvi.Ndv.V1.NdvMatchingService.NdvMatchingServiceClient(direct)
            .CreateExpertiseRequestAsync(huge, new Grpc.Core.Metadata { { "authorization", "Bearer " + token } }).ResponseAsync);
        Assert.Equal(Grpc.Core.StatusCode.ResourceExhausted, directError.StatusCode);

        // A truncated gRPC frame (it announces 16 bytes and brings 3): a protocol error answer, the process lives on.
        foreach (var address in new[] { LocalSuite.GatewayGrpc, new Uri("http://localhost:5102") })
        {
            using var h2c = new HttpClient { DefaultRequestVersion = System.Net.HttpVersion.Version20, DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact };
            using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, "/pvi.ndv.v1.NdvMatchingService/ListNetworks"))
            {
                Content = new ByteArrayContent([0, 0, 0, 0, 16, (byte)'a', (byte)'b', (byte)'c']),
            };
            request.Content.Headers.ContentType = new("application/grpc");
            request.Headers.Authorization = new("Bearer", token);
            request.Headers.TE.ParseAdd("trailers");
            using var response = await h2c.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync();
            var status = response.TrailingHeaders.TryGetValues("grpc-status", out var values) ? values.Single()
                : response.Headers.TryGetValues("grpc-status", out var headerValues) ? headerValues.Single() : "none";
            Assert.True(status is not ("0" or "none") || (int)response.StatusCode >= 400, $"{address}: HTTP {(int)response.StatusCode}, grpc-status {status}; {response.Headers}");
        }

        foreach (var port in new[] { 5000, 5101 })
        {
            using var health = new HttpClient();
            Assert.True((await health.GetAsync(new Uri($"http://localhost:{port}/health/ready"))).IsSuccessStatusCode);
        }

        var rowsAfter = await SuiteDatabases.CountRowsAsync(suite.DataFolder);
        Assert.Equal(rowsBefore.Where(t => !t.Key.EndsWith(":processed_messages", StringComparison.Ordinal)), rowsAfter.Where(t => !t.Key.EndsWith(":processed_messages", StringComparison.Ordinal)));
    }

    /// <summary>For each RPC the first role of the matrix that passes authorization (its answer is not a refusal).</summary>
    private static async Task<Dictionary<string, string>> PermittedCallersAsync()
    {
        var lines = await File.ReadAllLinesAsync(Repository.PathOf("tests", "Suite.Tests", MatrixFile));
        var header = lines[0].Split('\t');
        return lines.Skip(1).Select(l => l.Split('\t'))
            .Select(cells => (Rpc: cells[0], Role: Enumerable.Range(4, cells.Length - 4).Where(i => cells[i] is not ("PermissionDenied" or "Unauthenticated")).Select(i => header[i]).FirstOrDefault()))
            .Where(x => x.Role is not null)
            .ToDictionary(x => x.Rpc, x => x.Role!);
    }

    private static string Shorten(IMessage request)
    {
        var text = JsonFormatter.Default.Format(request);
        return text.Length > 300 ? text[..300] + "..." : text;
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
            foreach (var (caller, token) in Refused.Value.Concat(Forged.Value))
            {
                var status = await RpcProbe.CallAsync(invoker, method, (IMessage)Activator.CreateInstance(method.InputType.ClrType)!, token);
                Assert.True(status == "Unauthenticated", $"{RpcProbe.Name(method)} reached directly with {caller}: {status}");
            }
        }

        Assert.False(suite.Process.HasExited);
    }

    [Fact]
    public async Task A_token_of_another_issuer_or_audience_unsigned_or_signed_with_the_public_key_as_secret_is_refused_at_the_gateway()
    {
        // Issue of the sign-in: every forgery an attacker has at hand, on every RPC of the suite.
        using var channel = GrpcChannel.ForAddress(LocalSuite.GatewayGrpc);
        var invoker = channel.CreateCallInvoker();
        var calls = 0;
        foreach (var method in RpcProbe.Methods)
        {
            foreach (var (caller, token) in Forged.Value)
            {
                var status = await RpcProbe.CallAsync(invoker, method, (IMessage)Activator.CreateInstance(method.InputType.ClrType)!, token);
                Assert.True(status == "Unauthenticated", $"{RpcProbe.Name(method)} through the gateway with {caller}: {status}");
                calls++;
            }
        }

        output.WriteLine($"{calls} forged calls through the gateway, every one refused as unauthenticated");
    }
}
