using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using MudBlazor.Services;
using Pvi.WebConsole.Localization;

namespace Pvi.WebConsole.Tests;

/// <summary>The console's components rendered without a browser: its Dutch resources, MudBlazor's services, the Dutch culture.</summary>
public abstract class ConsoleTestContext : IAsyncLifetime
{
    private readonly BunitContext _context = new();

    protected ConsoleTestContext(string culture = "nl-NL")
    {
        CultureInfo.CurrentCulture = CultureInfo.CurrentUICulture = new CultureInfo(culture);
        _context.Services.AddLocalization(options => options.ResourcesPath = "Resources");
        _context.Services.AddMudServices();
        _context.JSInterop.Mode = JSRuntimeMode.Loose;
    }

    protected IStringLocalizer<ConsoleTexts> Texts => _context.Services.GetRequiredService<IStringLocalizer<ConsoleTexts>>();

    protected IRenderedComponent<TComponent> Render<TComponent>(Action<ComponentParameterCollectionBuilder<TComponent>>? parameters = null)
        where TComponent : IComponent =>
        _context.Render(parameters);

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are disposed asynchronously only.
    public async Task DisposeAsync() => await _context.DisposeAsync();
}
