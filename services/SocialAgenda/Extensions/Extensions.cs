using Pvi.SocialAgenda.Grpc;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Model;
using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.ServiceDefaults.Data;

namespace Pvi.SocialAgenda.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SurveyDbContext, SqliteSurveyDbContext, PostgresSurveyDbContext>("survey");
        builder.AddIntegrationEvents<SurveyDbContext>(SuiteEvents.Catalog);
        builder.Services.AddSingleton<ISeedData<SurveyDbContext>>(new ReferenceDataSeed<SurveyDbContext, Unit>("units.json", x => x.Code));
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapIntegrationEvents();
        app.MapGrpcService<SocialAgendaGrpcService>();
    }
}
