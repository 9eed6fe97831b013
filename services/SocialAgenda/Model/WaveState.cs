namespace Pvi.SocialAgenda.Model;

public enum WaveState
{
    Draft = 1,
    Open = 2,
    Closed = 3,
}
