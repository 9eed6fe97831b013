using MudBlazor;

namespace Pvi.WebConsole.Components.Layout;

/// <summary>The console's colours: the police's dark blue, with text contrast of at least 4.5:1 (WCAG 2.1 AA).</summary>
public static class ConsoleTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#154273",
            PrimaryContrastText = "#ffffff",
            Secondary = "#6b3d00",
            Tertiary = "#2f5d1f",
            Info = "#0b5394",
            Success = "#2e6b1f",
            Warning = "#7a4a00",
            Error = "#b00020",
            AppbarBackground = "#154273",
            TextSecondary = "rgba(0,0,0,0.72)",
            ActionDefault = "rgba(0,0,0,0.72)",
            LinesInputs = "rgba(0,0,0,0.6)",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = ["system-ui", "Segoe UI", "Roboto", "Arial", "sans-serif"] },
        },
    };
}
