using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace Pvi.Suite.Tests;

/// <summary>
/// Calls any RPC of the suite from its descriptor alone (unary, or server streaming read for a
/// moment), with a token or none, and tells the status it answered with.
/// </summary>
public static class RpcProbe
{
    /// <summary>A server stream that opened and was still waiting for its first message.</summary>
    public const string StreamOpen = "StreamOpen";

    public static IReadOnlyList<ServiceDescriptor> Services { get; } =
    [
        Pvi.Ndv.V1.NdvMatchingService.Descriptor,
        Pvi.Overflow.V1.PhoneOverflowService.Descriptor,
        Pvi.Complaints.V1.ComplaintPilotService.Descriptor,
        Pvi.Survey.V1.SocialAgendaService.Descriptor,
    ];

    public static IEnumerable<MethodDescriptor> Methods => Services.SelectMany(s => s.Methods);

    public static string Name(MethodDescriptor method) => $"{method.Service.FullName}/{method.Name}";

    /// <summary>The status name of the answer; a 429 of the gateway is waited out and tried again.</summary>
    public static async Task<string> CallAsync(CallInvoker invoker, MethodDescriptor method, IMessage request, string? token) =>
        (await AnswerAsync(invoker, method, request, token)).Status;

    /// <summary>
    /// The status name of the answer and, for an error, all the caller can read of it: the
    /// message and every trailer (the error details as their bytes read as UTF-8).
    /// </summary>
    public static async Task<(string Status, string ErrorText)> AnswerAsync(CallInvoker invoker, MethodDescriptor method, IMessage request, string? token)
    {
        for (var attempt = 1; ; attempt++)
        {
            var answer = await OnceAsync(invoker, method, request, token);
            if (answer.Status != nameof(StatusCode.ResourceExhausted) || attempt == 10)
            {
                return answer;
            }

            await Task.Delay(TimeSpan.FromSeconds(1));
        }
    }

    private static string ErrorText(RpcException e) =>
        e.Status.Detail + "\n" + string.Join("\n", e.Trailers.Select(t => t.Key + ": " + (t.IsBinary ? System.Text.Encoding.UTF8.GetString(t.ValueBytes) : t.Value)));

    private static async Task<(string Status, string ErrorText)> OnceAsync(CallInvoker invoker, MethodDescriptor method, IMessage request, string? token)
    {
        var headers = new Metadata();
        if (token is not null)
        {
            headers.Add("authorization", "Bearer " + token);
        }

        var marshaller = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.OutputType.Parser.ParseFrom(bytes));
        var requestMarshaller = Marshallers.Create<IMessage>(m => m.ToByteArray(), bytes => method.InputType.Parser.ParseFrom(bytes));
        try
        {
            if (method.IsServerStreaming)
            {
                var streaming = new Method<IMessage, IMessage>(MethodType.ServerStreaming, method.Service.FullName, method.Name, requestMarshaller, marshaller);
                using var call = invoker.AsyncServerStreamingCall(streaming, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(2)), request);
                await call.ResponseStream.MoveNext(CancellationToken.None);
                return (nameof(StatusCode.OK), string.Empty);
            }

            var unary = new Method<IMessage, IMessage>(MethodType.Unary, method.Service.FullName, method.Name, requestMarshaller, marshaller);
            using var response = invoker.AsyncUnaryCall(unary, null, new CallOptions(headers, DateTime.UtcNow.AddSeconds(30)), request);
            await response.ResponseAsync;
            return (nameof(StatusCode.OK), string.Empty);
        }
        catch (RpcException e) when (method.IsServerStreaming && e.StatusCode == StatusCode.DeadlineExceeded)
        {
            return (StreamOpen, string.Empty);
        }
        catch (RpcException e)
        {
            return (e.StatusCode.ToString(), ErrorText(e));
        }
    }
}
