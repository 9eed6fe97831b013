namespace Pvi.ServiceDefaults;

/// <summary>Marks a process that hosts gRPC services, so that <see cref="Extensions.MapDefaultEndpoints"/> maps theirs.</summary>
internal sealed class GrpcServiceDefaults;
