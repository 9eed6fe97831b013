namespace Pvi.NdvMatching.Model;

public enum OfferState
{
    Pending = 1,
    Accepted = 2,
    Declined = 3,
    Expired = 4,
    Withdrawn = 5,
    Completed = 6,
}
