namespace Pvi.NdvMatching.Model;

public enum RequestStatus
{
    Offered = 1,
    Matched = 2,
    Completed = 3,
    Unmatched = 4,
    Cancelled = 5,
}
