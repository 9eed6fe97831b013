using System.Collections.Concurrent;
using Dapr.Client.Autogen.Grpc.v1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>What the stand-in sidecar was asked to publish, and whether it is up.</summary>
public sealed class SidecarPublications
{
    public ConcurrentQueue<PublishEventRequest> Requests { get; } = new();

    public volatile bool Available = true;

    public int Refused;
}

/// <summary>
/// The server side of the Dapr sidecar's gRPC <c>dapr.proto.runtime.v1.Dapr/PublishEvent</c>, bound by hand:
/// Dapr.Protos has the message types but no server base.
/// </summary>
[Grpc.Core.BindServiceMethod(typeof(DaprPubSubBase), nameof(BindService))]
public abstract class DaprPubSubBase
{
    public static readonly Method<PublishEventRequest, Empty> PublishEventMethod = new(
        MethodType.Unary,
        "dapr.proto.runtime.v1.Dapr",
        "PublishEvent",
        Marshallers.Create(message => message.ToByteArray(), PublishEventRequest.Parser.ParseFrom),
        Marshallers.Create(message => message.ToByteArray(), Empty.Parser.ParseFrom));

    public static void BindService(ServiceBinderBase binder, DaprPubSubBase? service) =>
        binder.AddMethod(PublishEventMethod, service is null ? null : service.PublishEvent);

    public virtual Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context) =>
        throw new RpcException(new Status(StatusCode.Unimplemented, ""));
}

/// <summary>An in-process stand-in of the sidecar that records what it is asked to publish.</summary>
public sealed class DaprSidecarStandIn(SidecarPublications publications) : DaprPubSubBase
{
    public override Task<Empty> PublishEvent(PublishEventRequest request, ServerCallContext context)
    {
        if (!publications.Available)
        {
            Interlocked.Increment(ref publications.Refused);
            throw new RpcException(new Status(StatusCode.Unavailable, "sidecar not ready"));
        }

        publications.Requests.Enqueue(request);
        return Task.FromResult(new Empty());
    }
}
