using Grpc.Core;
using Xunit;

namespace Pvi.TestSupport;

/// <summary>Assertions on gRPC answers: the status, and the fields of a BadRequest.</summary>
public static class RpcAssert
{
    public static async Task<RpcException> FailsAsync(StatusCode expected, Func<Task> call)
    {
        var error = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(expected, error.StatusCode);
        return error;
    }

    /// <summary>The field paths of the BadRequest in an INVALID_ARGUMENT answer, in order.</summary>
    public static IReadOnlyList<string> Violations(RpcException error) =>
        error.GetRpcStatus()?.GetDetail<Google.Rpc.BadRequest>()?.FieldViolations.Select(v => v.Field).ToList()
        ?? throw new Xunit.Sdk.XunitException("The error carries no google.rpc.Status with a BadRequest.");
}
