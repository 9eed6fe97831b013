namespace Pvi.SocialAgenda.Model;

public enum MeasureStatus
{
    Planned = 1,
    InProgress = 2,
    Done = 3,
    Dropped = 4,
}
