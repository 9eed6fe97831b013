using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.ServiceData;
using Pvi.SocialAgenda.Grpc;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.SocialAgenda.Model;
using Pvi.SocialAgenda.Responses;
using Pvi.SocialAgenda.Results;
using Pvi.ServiceDefaults.Time;

namespace Pvi.SocialAgenda.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<SurveyDbContext, SqliteSurveyDbContext, PostgresSurveyDbContext>("survey");
        builder.AddIntegrationEvents<SurveyDbContext>(SuiteEvents.Catalog);
        builder.Services.AddSingleton<ISeedData<SurveyDbContext>>(new ReferenceDataSeed<SurveyDbContext, Unit>("units.json", x => x.Code));
        builder.Services.AddScoped<ISeedData<SurveyDbContext>, SurveySeed>();

        // The thresholds can only be raised: a lower configured value stops the service at start.
        builder.Services.AddOptions<SurveyOptions>().Bind(builder.Configuration.GetSection(SurveyOptions.SectionName))
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton(sp => sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SurveyOptions>>().Value);
        builder.Services.AddLocalCalendar(sp => sp.GetRequiredService<SurveyOptions>().TimeZone);
        builder.Services.AddSingleton<PublishedInstruments>();
        builder.Services.AddScoped<WaveClosing>();
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapIntegrationEvents();
        app.MapGrpcService<SocialAgendaGrpcService>();
    }
}
