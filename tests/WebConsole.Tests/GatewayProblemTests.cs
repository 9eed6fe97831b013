using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Google.Rpc;
using Grpc.Core;
using Microsoft.Extensions.Logging.Abstractions;
using Pvi.WebConsole.Authentication;
using Pvi.WebConsole.Gateway;
using Status = Google.Rpc.Status;

namespace Pvi.WebConsole.Tests;

/// <summary>What a person reads of a call that failed (issue: "geen toegang", "probeer het zo opnieuw", the reason, never a stack trace).</summary>
public sealed class GatewayProblemTests : ConsoleTestContext
{
    private GatewayCalls Calls => new(null!, new ConsoleSettings(), Texts, TimeProvider.System, NullLogger<GatewayCalls>.Instance);

    [Fact]
    public void Every_field_violation_of_an_INVALID_ARGUMENT_is_kept_per_field_in_Dutch()
    {
        var problem = Calls.ProblemOf(Invalid(("needed_expertise", "must name at least one expertise tag"), ("expected_hours", "must be more than 0 and at most 200"), ("description", "is required"), ("description", "must be at most 2000 characters")))!;

        Assert.Equal(ProblemKind.Invalid, problem.Kind);
        Assert.Equal("kies er minstens één", problem.FieldMessage("needed_expertise"));
        Assert.Equal("moet meer dan 0 en hoogstens 200 zijn", problem.FieldMessage("expected_hours"));
        Assert.Equal("is verplicht mag hoogstens 2000 tekens zijn", problem.FieldMessage("description"));
        Assert.Null(problem.FieldMessage("languages"));
    }

    [Theory]
    [InlineData(StatusCode.PermissionDenied)]
    [InlineData(StatusCode.NotFound)]
    public void A_refused_or_unknown_thing_reads_geen_toegang_and_nothing_more(StatusCode code)
    {
        var problem = Calls.ProblemOf(new RpcException(new Grpc.Core.Status(code, "No request with this id: 0190a1b2")))!;

        Assert.Equal("Geen toegang.", problem.Message);
        Assert.Empty(problem.Fields);
    }

    [Theory]
    [InlineData(StatusCode.Unavailable)]
    [InlineData(StatusCode.DeadlineExceeded)]
    [InlineData(StatusCode.ResourceExhausted)]
    public void A_service_that_cannot_answer_now_reads_probeer_het_zo_opnieuw(StatusCode code)
    {
        var problem = Calls.ProblemOf(new RpcException(new Grpc.Core.Status(code, "upstream connect error")))!;

        Assert.Equal(ProblemKind.Unavailable, problem.Kind);
        Assert.Contains("Probeer het zo opnieuw", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_failed_precondition_shows_its_reason_in_Dutch_or_else_in_the_services_words()
    {
        var known = Calls.ProblemOf(Precondition("OFFER_EXPIRED", "The offer expired."))!;
        var unknown = Calls.ProblemOf(Precondition("SOMETHING_NEW", "The member is on leave."))!;

        Assert.Equal("De aanbieding is verlopen voordat u die aannam.", known.Message);
        Assert.Equal("The member is on leave.", unknown.Message);
    }

    [Fact]
    public void An_unexpected_failure_shows_a_reference_and_nothing_of_the_exception()
    {
        var problem = Calls.ProblemOf(new InvalidOperationException("Npgsql: password authentication failed for user pvi at 10.0.0.4"))!;

        Assert.Equal(ProblemKind.Failed, problem.Kind);
        Assert.NotNull(problem.Reference);
        Assert.Contains(problem.Reference, problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Npgsql", problem.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("10.0.0.4", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ended_session_and_a_cancelled_call_are_told_apart()
    {
        Assert.Equal(ProblemKind.SessionEnded, Calls.ProblemOf(new SessionEndedException())!.Kind);
        Assert.Equal(ProblemKind.SessionEnded, Calls.ProblemOf(new RpcException(new Grpc.Core.Status(StatusCode.Unauthenticated, "expired")))!.Kind);
        Assert.Null(Calls.ProblemOf(new OperationCanceledException()));
    }

    private static RpcException Invalid(params (string Field, string Description)[] violations)
    {
        var request = new BadRequest();
        request.FieldViolations.AddRange(violations.Select(v => new BadRequest.Types.FieldViolation { Field = v.Field, Description = v.Description }));
        return Rpc(Code.InvalidArgument, "The request has invalid fields.", request);
    }

    private static RpcException Precondition(string reason, string message) =>
        Rpc(Code.FailedPrecondition, message, new ErrorInfo { Reason = reason, Domain = "pvi" });

    private static RpcException Rpc(Code code, string message, IMessage detail) =>
        new Status { Code = (int)code, Message = message, Details = { Any.Pack(detail) } }.ToRpcException();
}
