using Pvi.IntegrationEvents;
using Pvi.IntegrationEvents.Subscribing;
using Pvi.Ndv.V1;
using Pvi.PhoneOverflow.Grpc;
using Pvi.PhoneOverflow.Infrastructure;
using Pvi.PhoneOverflow.EventHandlers;
using Pvi.PhoneOverflow.Model;
using Pvi.PhoneOverflow.Routing;
using Pvi.ServiceData;
using Pvi.ServiceDefaults.Time;

namespace Pvi.PhoneOverflow.Extensions;

public static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<ForwardSignal>();
        builder.Services.AddSingleton<UnitCodes>();
        builder.Services.AddSingleton<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor, ForwardSignalInterceptor>();
        builder.AddServiceDatabase<OverflowDbContext, SqliteOverflowDbContext, PostgresOverflowDbContext>("overflow");
        builder.AddIntegrationEvents<OverflowDbContext>(SuiteEvents.Catalog);
        builder.AddIntegrationEventHandler<MemberChanged, MemberChangedHandler>();

        builder.Services.AddSingleton<ISeedData<OverflowDbContext>>(new ReferenceDataSeed<OverflowDbContext, Unit>("units.json", u => u.Code));
        builder.Services.AddSingleton<ISeedData<OverflowDbContext>>(new ReferenceDataSeed<OverflowDbContext, RegionalServiceCentre>("overflow/rscs.json", x => x.Code));
        builder.Services.AddSingleton<ISeedData<OverflowDbContext>, DemoPeopleSeed>();
        builder.Services.AddSingleton<ISeedData<OverflowDbContext>, DemoHistorySeed>();

        var options = builder.Configuration.GetSection(OverflowOptions.SectionName).Get<OverflowOptions>() ?? new OverflowOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddLocalCalendar(_ => options.TimeZone);
        builder.Services.AddSingleton<OpeningHours>();
        builder.Services.AddSingleton<RscSchedules>();
        builder.Services.AddScoped<OverflowRouter>();
        builder.Services.AddScoped<Switchboard>();
        builder.Services.AddScoped<OverflowReport>();
        builder.Services.AddHostedService<CallTimers>();
    }

    public static void MapApplicationEndpoints(this WebApplication app)
    {
        app.MapIntegrationEvents();
        app.MapGrpcService<PhoneOverflowGrpcService>();
    }
}
