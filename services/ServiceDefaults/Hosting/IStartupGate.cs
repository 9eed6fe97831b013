namespace Pvi.ServiceDefaults.Hosting;

/// <summary>Something a service must finish before it may answer calls (e.g. its database initialized).</summary>
public interface IStartupGate
{
    string Name { get; }

    bool IsOpen { get; }
}
