using Pvi.NdvMatching.Grpc;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Model;
using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.ServiceDefaults.Data;

namespace Pvi.NdvMatching.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NdvDbContext>("ndv");
        builder.AddIntegrationEvents<NdvDbContext>(SuiteEvents.Catalog);
        builder.Services.AddSingleton<ISeedData<NdvDbContext>>(new ReferenceDataSeed<NdvDbContext, Network>("ndv/networks.json", n => n.Code));
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapIntegrationEvents();
        app.MapGrpcService<NdvMatchingGrpcService>();
    }
}
