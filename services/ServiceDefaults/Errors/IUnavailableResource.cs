namespace Pvi.ServiceDefaults.Errors;

/// <summary>
/// Tells the error model which failures mean that a resource the service depends on (its
/// database) cannot be reached right now: the call is answered UNAVAILABLE (nothing was committed,
/// try again) instead of INTERNAL. Registered by the part that owns the resource
/// (<c>AddServiceDatabase</c>); the error model looks at the exception and its inner exceptions.
/// </summary>
public interface IUnavailableResource
{
    bool IsUnavailable(Exception exception);
}
