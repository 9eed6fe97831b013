namespace Pvi.PhoneOverflow.Model;

public enum Target
{
    None = 0,
    Member = 1,
    Operator = 2,
}
