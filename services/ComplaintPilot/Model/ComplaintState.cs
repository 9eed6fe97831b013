namespace Pvi.ComplaintPilot.Model;

public enum ComplaintState
{
    Received = 1,
    PhaseOne = 2,
    PhaseTwo = 3,
    WithCommittee = 4,
    Resolved = 5,
    Declined = 6,
    Decided = 7,
}
