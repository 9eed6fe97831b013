using System.Net;
using System.Text.Json;
using Google.Rpc;
using Grpc.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pvi.Echo.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.ServiceDefaults.Errors;
using Pvi.TestSupport;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>The error model of ARCHITECTURE.md "Conventions": google.rpc.Status, never INTERNAL for a caller's mistake.</summary>
public sealed class ErrorModelTests
{
    private static readonly string Token = TestTokens.For(Roles.Employee);

    [Fact]
    public async Task Bad_input_yields_INVALID_ARGUMENT_with_every_field_violation()
    {
        await using var host = await TestHost.StartEchoAsync();
        var client = new EchoService.EchoServiceClient(host.GrpcChannel(Token));

        var call = client.EchoStream(new EchoStreamRequest { Message = "", Count = 0 });
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        Assert.Equal(StatusCode.InvalidArgument, error.StatusCode);
        var badRequest = error.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Equal(["count", "message"], badRequest.FieldViolations.Select(v => v.Field).Order());
    }

    [Fact]
    public async Task Bad_input_over_REST_yields_400_with_the_same_field_violations()
    {
        await using var host = await TestHost.StartEchoAsync();
        using var http = new HttpClient { BaseAddress = host.Http };
        http.DefaultRequestHeaders.Authorization = new("Bearer", Token);

        using var response = await http.GetAsync("/v1/echo/stream?count=5000");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal((int)Code.InvalidArgument, body.RootElement.GetProperty("code").GetInt32());
        var fields = body.RootElement.GetProperty("details")[0].GetProperty("fieldViolations").EnumerateArray()
            .Select(v => v.GetProperty("field").GetString()).Order();
        Assert.Equal(["count", "message"], fields);
    }

    [Fact]
    public async Task Unexpected_exception_yields_INTERNAL_without_internals_and_is_logged_with_its_trace_id()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await TestHost.StartEchoAsync(
            builder => builder.Logging.AddProvider(logs),
            app => app.MapGrpcService<FailingEchoService>());
        var client = new EchoService.EchoServiceClient(host.GrpcChannel(Token));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            client.EchoAsync(new EchoRequest { Message = FailingEchoService.Unexpected }).ResponseAsync);

        Assert.Equal(StatusCode.Internal, error.StatusCode);
        Assert.DoesNotContain("Password", error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), error.Status.Detail, StringComparison.Ordinal);
        Assert.DoesNotContain(" at ", error.Status.Detail, StringComparison.Ordinal);
        var reference = error.Status.Detail.Split("Reference: ")[1].TrimEnd('.');
        Assert.Matches("^[0-9a-f]{32}$", reference);
        Assert.Contains(logs.Entries, entry => entry.Level == LogLevel.Error
            && entry.Message.Contains(reference, StringComparison.Ordinal)
            && entry.Exception is InvalidOperationException);
    }

    [Theory]
    [InlineData(FailingEchoService.NotFound, StatusCode.NotFound)]
    [InlineData(FailingEchoService.Precondition, StatusCode.FailedPrecondition)]
    [InlineData(FailingEchoService.Denied, StatusCode.PermissionDenied)]
    [InlineData(FailingEchoService.Exists, StatusCode.AlreadyExists)]
    public async Task Domain_failures_map_to_their_status_with_an_ErrorInfo_reason(string failure, StatusCode expected)
    {
        await using var host = await TestHost.StartEchoAsync(map: app => app.MapGrpcService<FailingEchoService>());
        var client = new EchoService.EchoServiceClient(host.GrpcChannel(Token));

        var error = await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new EchoRequest { Message = failure }).ResponseAsync);

        Assert.Equal(expected, error.StatusCode);
        Assert.Equal(failure, error.GetRpcStatus()?.GetDetail<ErrorInfo>()?.Reason);
    }

    [Fact]
    public async Task Service_refuses_calls_without_a_valid_token_even_when_reached_directly()
    {
        await using var host = await TestHost.StartEchoAsync();

        var anonymous = new EchoService.EchoServiceClient(host.GrpcChannel());
        var stranger = new EchoService.EchoServiceClient(host.GrpcChannel(TestTokens.SignedByStranger(Roles.Employee)));
        var expired = new EchoService.EchoServiceClient(host.GrpcChannel(TestTokens.Expired(Roles.Employee)));

        foreach (var client in new[] { anonymous, stranger, expired })
        {
            var error = await Assert.ThrowsAsync<RpcException>(() => client.EchoAsync(new EchoRequest { Message = "hi" }).ResponseAsync);
            Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
        }
    }

    /// <summary>A service whose handler fails the way the message asks.</summary>
    private sealed class FailingEchoService : EchoService.EchoServiceBase
    {
        public const string Unexpected = "UNEXPECTED";
        public const string NotFound = "MEMBER_NOT_FOUND";
        public const string Precondition = "CONSENT_MISSING";
        public const string Denied = "OTHER_UNIT";
        public const string Exists = "REQUEST_ID_REUSED";

        public override Task<EchoResponse> Echo(EchoRequest request, ServerCallContext context) => request.Message switch
        {
            NotFound => throw new NotFoundException(NotFound, "No such member."),
            Precondition => throw new PreconditionFailedException(Precondition, "The member has not consented."),
            Denied => throw new PermissionDeniedException(Denied, "Not your unit."),
            Exists => throw new AlreadyExistsException(Exists, "request_id was used for another request."),
            _ => throw new InvalidOperationException("Password=hunter2; Host=db.internal failed"),
        };
    }
}
