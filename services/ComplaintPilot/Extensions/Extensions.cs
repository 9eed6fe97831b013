using Pvi.ComplaintPilot.Grpc;
using Pvi.ComplaintPilot.Handling;
using Pvi.ComplaintPilot.Infrastructure;
using Pvi.ComplaintPilot.Model;
using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.ServiceDefaults.Clients;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Time;
using Pvi.ComplaintPilot.EventHandlers;

namespace Pvi.ComplaintPilot.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<ComplaintsDbContext, SqliteComplaintsDbContext, PostgresComplaintsDbContext>("complaints");
        builder.AddIntegrationEvents<ComplaintsDbContext>(SuiteEvents.Catalog);
        builder.AddIntegrationEventHandler<Pvi.Ndv.V1.OfferAccepted, RepresentativeAssignedHandler>();
        builder.AddServiceGrpcClient<Pvi.Ndv.V1.NdvMatchingService.NdvMatchingServiceClient>("ndv", Pvi.Ndv.V1.NdvMatchingService.Descriptor);
        builder.Services.AddSingleton<ISeedData<ComplaintsDbContext>>(new ReferenceDataSeed<ComplaintsDbContext, Unit>("units.json", u => u.Code));
        builder.Services.AddSingleton<ISeedData<ComplaintsDbContext>>(new ReferenceDataSeed<ComplaintsDbContext, ComplaintCategory>("complaints/categories.json", x => x.Code));
        builder.Services.AddSingleton<ISeedData<ComplaintsDbContext>, DemoComplaintsSeed>();

        var options = builder.Configuration.GetSection(ComplaintOptions.SectionName).Get<ComplaintOptions>() ?? new ComplaintOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddLocalCalendar(_ => options.TimeZone);
        builder.Services.AddSingleton<AwbDeadlines>();
        builder.Services.AddSingleton<ComplaintVocabularyCache>();
        builder.Services.AddScoped<DeadlineWatch>();
        builder.Services.AddScoped<ComplainantErasure>();
        builder.Services.AddScoped<NdvRepresentatives>();
        builder.Services.AddHostedService<RepresentativeClock>();
        builder.Services.AddHostedService<DeadlineClock>();
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapIntegrationEvents();
        app.MapGrpcService<ComplaintPilotGrpcService>();
    }
}
