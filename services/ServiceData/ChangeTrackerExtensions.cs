using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace Pvi.ServiceData;

public static class ChangeTrackerExtensions
{
    /// <summary>
    /// The entities of a type the context tracks, as they are: without detecting the changes of every
    /// tracked entity first (EF Core does that for each look at its entries; SaveChanges does it once).
    /// </summary>
    public static List<T> TrackedAsTheyAre<T>(this ChangeTracker tracker, Func<EntityEntry<T>, bool> which)
        where T : class
    {
        var detect = tracker.AutoDetectChangesEnabled;
        tracker.AutoDetectChangesEnabled = false;
        try
        {
            return tracker.Entries<T>().Where(which).Select(entry => entry.Entity).ToList();
        }
        finally
        {
            tracker.AutoDetectChangesEnabled = detect;
        }
    }
}
