namespace Pvi.Identity;

public sealed class ClientSettings
{
    public ClientKind Kind { get; set; } = ClientKind.Service;

    public string? DisplayName { get; set; }

    /// <summary>The client secret (service and web clients); never logged.</summary>
    public string? Secret { get; set; }

    public string[] RedirectUris { get; set; } = [];

    public string[] PostLogoutRedirectUris { get; set; } = [];
}
