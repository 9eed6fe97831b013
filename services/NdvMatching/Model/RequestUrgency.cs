namespace Pvi.NdvMatching.Model;

public enum RequestUrgency
{
    Normal = 1,
    Urgent = 2,
}
