using Microsoft.Extensions.DependencyInjection;

namespace Pvi.ServiceDefaults.Time;

public static class LocalCalendarExtensions
{
    /// <summary>Registers the service's <see cref="LocalCalendar"/>, in the time zone its options name, on the registered clock.</summary>
    public static IServiceCollection AddLocalCalendar(this IServiceCollection services, Func<IServiceProvider, string> timeZone) =>
        services.AddSingleton(provider => new LocalCalendar(provider.GetRequiredService<TimeProvider>(), timeZone(provider)));
}
