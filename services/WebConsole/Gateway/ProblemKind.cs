namespace Pvi.WebConsole.Gateway;

public enum ProblemKind
{
    /// <summary>Not allowed, or not there: the answer says no more than "geen toegang".</summary>
    Denied = 1,

    /// <summary>The gateway or a service cannot answer now: try again shortly.</summary>
    Unavailable = 2,

    /// <summary>The state forbids it; the reason is shown.</summary>
    Precondition = 3,

    /// <summary>Bad input: each violation is shown at its field.</summary>
    Invalid = 4,

    /// <summary>The sign-in session ended: sign in again.</summary>
    SessionEnded = 5,

    /// <summary>Something unexpected; only a reference is shown.</summary>
    Failed = 6,

    /// <summary>Changed by someone else at the same time, or a reused request id: look again.</summary>
    Conflict = 7,

    /// <summary>Not there, or not the caller's to see: said as "geen toegang" too, but a page may know its own thing is missing.</summary>
    NotFound = 8,
}
