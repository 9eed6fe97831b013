using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Pvi.TestSupport;

public static class FreePort
{
    /// <summary>Ports handed out by this process: free when asked, but maybe not bound yet by whoever got them.</summary>
    private static readonly ConcurrentDictionary<int, byte> HandedOut = new();

    /// <summary>
    /// A loopback port free at the moment of asking, for processes that need their port up front;
    /// never one this process handed out before, which its new owner may not have bound yet.
    /// </summary>
    public static int Next()
    {
        while (true)
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;
            if (HandedOut.TryAdd(port, 0))
            {
                return port;
            }
        }
    }
}
