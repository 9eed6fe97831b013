using System.Net;
using System.Net.Sockets;

namespace Pvi.TestSupport;

public static class FreePort
{
    /// <summary>A loopback port free at the moment of asking, for processes that need their port up front.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
