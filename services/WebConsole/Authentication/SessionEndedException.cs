namespace Pvi.WebConsole.Authentication;

/// <summary>The person's sign-in session is over (idle too long, signed out elsewhere, refused by the provider): sign in again.</summary>
public sealed class SessionEndedException() : Exception("The sign-in session has ended.");
