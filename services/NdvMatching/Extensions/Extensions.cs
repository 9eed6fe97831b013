using Pvi.NdvMatching.Grpc;
using Pvi.NdvMatching.Infrastructure;
using Pvi.ServiceDefaults.Data;

namespace Pvi.NdvMatching.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NdvDbContext>("ndv");
        builder.Services.AddScoped<ISeedData<NdvDbContext>, NdvSeedData>();
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapGrpcService<NdvMatchingGrpcService>();
    }
}
