namespace Pvi.PhoneOverflow.Model;

public enum RouteAction
{
    Ring = 1,
    Queue = 2,
    Voicemail = 3,
}
