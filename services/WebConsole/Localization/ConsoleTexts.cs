[assembly: Microsoft.Extensions.Localization.RootNamespace("Pvi.WebConsole")]

namespace Pvi.WebConsole.Localization;

/// <summary>The console's texts: Dutch in Resources/Localization/ConsoleTexts.resx, English in ConsoleTexts.en.resx.</summary>
public sealed class ConsoleTexts;
