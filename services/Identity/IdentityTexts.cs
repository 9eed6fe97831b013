[assembly: Microsoft.Extensions.Localization.RootNamespace("Pvi.Identity")]

namespace Pvi.Identity;

/// <summary>The provider's texts: Dutch in Resources/IdentityTexts.resx, English in IdentityTexts.en.resx.</summary>
public sealed class IdentityTexts;
