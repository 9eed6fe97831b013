namespace Pvi.PhoneOverflow.Model;

public enum CallState
{
    Ringing = 1,
    Queued = 2,
    Answered = 3,
    Completed = 4,
    Abandoned = 5,
    Voicemail = 6,
}
