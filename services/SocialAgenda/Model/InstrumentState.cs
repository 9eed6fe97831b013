namespace Pvi.SocialAgenda.Model;

public enum InstrumentState
{
    Draft = 1,
    Published = 2,
}
