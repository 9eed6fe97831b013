using System.Net;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Pvi.TestSupport;

namespace Pvi.ServiceDefaults.Tests;

/// <summary>ARCHITECTURE.md "Conventions": health in every environment, gRPC health and reflection.</summary>
public sealed class HealthTests
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_endpoints_answer_in_Production_without_a_token(string path)
    {
        await using var host = await TestHost.StartEchoAsync(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Authentication:Jwt:SigningKey"] = "a-production-key-of-at-least-thirty-two-bytes",
        });
        using var http = new HttpClient { BaseAddress = host.Http };

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Grpc_health_service_reports_serving()
    {
        await using var host = await TestHost.StartEchoAsync();
        var health = new Health.HealthClient(host.GrpcChannel());

        var reply = await health.CheckAsync(new HealthCheckRequest());

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task Grpc_reflection_lists_the_services()
    {
        await using var host = await TestHost.StartEchoAsync();
        var reflection = new ServerReflection.ServerReflectionClient(host.GrpcChannel());

        using var call = reflection.ServerReflectionInfo();
        await call.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await call.RequestStream.CompleteAsync();
        Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));

        var services = call.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name);
        Assert.Contains("pvi.echo.v1.EchoService", services);
    }

    [Fact]
    public async Task Production_without_a_provider_or_a_key_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestHost.StartEchoAsync(environment: "Production", settings: new Dictionary<string, string?>
        {
            ["Authentication:Jwt:Authority"] = "",
        }));

        Assert.Contains("Authentication:Jwt", error.Message, StringComparison.Ordinal);
    }
}
