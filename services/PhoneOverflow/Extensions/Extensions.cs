using Pvi.PhoneOverflow.Grpc;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.Model;
using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.ServiceDefaults.Data;

namespace Pvi.PhoneOverflow.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<OverflowDbContext>("overflow");
        builder.AddIntegrationEvents<OverflowDbContext>(SuiteEvents.Catalog);
        builder.Services.AddSingleton<ISeedData<OverflowDbContext>>(new ReferenceDataSeed<OverflowDbContext, RegionalServiceCentre>("overflow/rscs.json", x => x.Code));
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapIntegrationEvents();
        app.MapGrpcService<PhoneOverflowGrpcService>();
    }
}
