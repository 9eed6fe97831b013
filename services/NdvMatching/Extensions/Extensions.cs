using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.NdvMatching.Grpc;
using Pvi.NdvMatching.Infrastructure;
using Pvi.NdvMatching.Matching;
using Pvi.NdvMatching.Model;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Time;
using Pvi.NdvMatching.EventHandlers;

namespace Pvi.NdvMatching.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddServiceDatabase<NdvDbContext, SqliteNdvDbContext, PostgresNdvDbContext>("ndv");
        builder.AddIntegrationEvents<NdvDbContext>(SuiteEvents.Catalog);
        builder.AddIntegrationEventHandler<Pvi.Overflow.V1.CallCompleted, CallTimeHandler>();

        builder.Services.AddSingleton<ISeedData<NdvDbContext>>(new ReferenceDataSeed<NdvDbContext, Unit>("units.json", u => u.Code));
        builder.Services.AddSingleton<ISeedData<NdvDbContext>>(new ReferenceDataSeed<NdvDbContext, Network>("ndv/networks.json", n => n.Code));
        builder.Services.AddSingleton<ISeedData<NdvDbContext>>(new ReferenceDataSeed<NdvDbContext, ExpertiseTag>("ndv/expertise.json", t => t.Code));
        builder.Services.AddSingleton<ISeedData<NdvDbContext>>(new ReferenceDataSeed<NdvDbContext, BudgetGuideline>("ndv/budget-guidelines.json", g => g.Scope));
        builder.Services.AddSingleton<ISeedData<NdvDbContext>, DemoMembersSeed>();
        builder.Services.AddSingleton<ISeedData<NdvDbContext>, DemoHistorySeed>();

        var options = builder.Configuration.GetSection(NdvOptions.SectionName).Get<NdvOptions>() ?? new NdvOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddLocalCalendar(_ => options.TimeZone);
        builder.Services.AddSingleton<BudgetPeriods>();
        builder.Services.AddSingleton<VocabularyCache>();
        builder.Services.AddScoped<DutyBudgets>();
        builder.Services.AddScoped<PeriodFigures>();
        builder.Services.AddScoped<ExpertiseMatcher>();
        builder.Services.AddHostedService<OfferExpiry>();
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapIntegrationEvents();
        app.MapGrpcService<NdvMatchingGrpcService>();
    }
}
