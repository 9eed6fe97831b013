using System.Collections.Concurrent;
using System.Diagnostics;
using Grpc.Core;
using Grpc.Net.Client;
using HdrHistogram;
using Pvi.Overflow.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Benchmarks;

/// <summary>
/// Phone overflow on real processes (the service on SQLite, the gateway in front): route-call
/// decisions per second and their latency with 1,000 calls in flight through the gateway, and how
/// long a forwarded call takes to reach 50 operators watching their RSC's live stream.
/// </summary>
public static class OverflowBenchmark
{
    private const int Operators = 50;

    public static async Task RunAsync(TimeSpan duration)
    {
        await using var processes = await ServiceBehindGateway.StartAsync("PhoneOverflow", "overflow", new Dictionary<string, string>
        {
            ["Overflow__SeedDemoPeople"] = "false",
            // Only this service runs: its events wait in the outbox for subscribers that are not there.
            ["Events__Subscribers__ndv-matching"] = $"http://127.0.0.1:{FreePort.Next()}",
        });
        var through = processes.GatewayGrpc;

        // 50 trained operators signed in at RSC Rotterdam, each watching its live stream.
        using var coordinatorChannel = Channel(through, new SuiteUser { Id = "bench-coordinator", Name = "bench", Roles = [Roles.OverflowCoordinator] });
        var coordinator = new PhoneOverflowService.PhoneOverflowServiceClient(coordinatorChannel);
        var operatorChannels = new List<GrpcChannel>();
        for (var i = 0; i < Operators; i++)
        {
            var id = $"bench-op-{i:D2}";
            await coordinator.SetOperatorTrainingAsync(new SetOperatorTrainingRequest { OperatorId = id, Rsc = "RSC-RT", Name = id, LgbtiqTrained = true });
            var channel = Channel(through, new SuiteUser { Id = id, Name = id, Roles = [Roles.RscOperator], Rsc = "RSC-RT" });
            operatorChannels.Add(channel);
            await new PhoneOverflowService.PhoneOverflowServiceClient(channel).SignInAsync(new SignInRequest());
        }

        using var platformChannel = Channel(through, new SuiteUser { Id = "bench-platform", Name = "bench", Roles = [Roles.TelephonyPlatform] });
        var platform = new PhoneOverflowService.PhoneOverflowServiceClient(platformChannel);

        Console.WriteLine($"Phone overflow; {Environment.ProcessorCount} cores; service (SQLite) and gateway as processes; {Operators} operators signed in");
        Console.WriteLine();
        Console.WriteLine("| measurement | samples | per second | p50 ms | p99 ms | max ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        await FanOutAsync(platform, operatorChannels, calls: 100);
        // Warmed up as in the performance run (the tiered JIT recompiles for a minute or more), then measured.
        await RouteUnderLoadAsync(platform, inFlight: 64, PerfBenchmark.WarmUpMinimum(duration), print: false);
        await RouteUnderLoadAsync(platform, inFlight: 1000, duration, print: true);

        foreach (var channel in operatorChannels)
        {
            channel.Dispose();
        }
    }

    /// <summary>Each call is routed, and abandoned at once so that operators and the queue stay as they were.</summary>
    private static async Task RouteUnderLoadAsync(PhoneOverflowService.PhoneOverflowServiceClient platform, int inFlight, TimeSpan duration, bool print)
    {
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var errors = new ConcurrentDictionary<StatusCode, int>();
        var decisions = 0;
        var stopwatch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(worker => Task.Run(async () =>
        {
            for (var n = 0; stopwatch.Elapsed < duration; n++)
            {
                var callId = $"load-{print}-{worker}-{n}";
                var started = Stopwatch.GetTimestamp();
                try
                {
                    await platform.RouteCallAsync(new RouteCallRequest { CallId = callId, CallerRegion = "RT" }, deadline: DateTime.UtcNow.AddSeconds(30));
                    lock (histogram)
                    {
                        histogram.RecordValue((long)Stopwatch.GetElapsedTime(started).TotalMicroseconds);
                        decisions++;
                    }

                    await platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = callId, Kind = CallEventKind.Abandoned }, deadline: DateTime.UtcNow.AddSeconds(30));
                }
                catch (RpcException ex)
                {
                    errors.AddOrUpdate(ex.StatusCode, 1, (_, count) => count + 1);
                }
            }
        })));

        if (print)
        {
            Print($"RouteCall through the gateway, {inFlight} calls in flight", decisions, decisions / stopwatch.Elapsed.TotalSeconds, histogram, errors);
        }
    }

    /// <summary>From the platform's RouteCall to each of the 50 watching operators receiving the forwarded call.</summary>
    private static async Task FanOutAsync(PhoneOverflowService.PhoneOverflowServiceClient platform, List<GrpcChannel> operatorChannels, int calls)
    {
        var sent = new ConcurrentDictionary<string, long>();
        var histogram = new LongHistogram(TimeStamp.Minutes(1), 3);
        var received = 0;
        using var cancel = new CancellationTokenSource();
        var streams = operatorChannels.Select(channel =>
            new PhoneOverflowService.PhoneOverflowServiceClient(channel).WatchForwardedCalls(new WatchForwardedCallsRequest { Rsc = "RSC-RT" }, cancellationToken: cancel.Token)).ToList();
        foreach (var stream in streams)
        {
            await stream.ResponseHeadersAsync;
        }

        var readers = streams.Select(stream => Task.Run(async () =>
        {
            try
            {
                while (await stream.ResponseStream.MoveNext(cancel.Token))
                {
                    var arrived = Stopwatch.GetTimestamp();
                    if (sent.TryGetValue(stream.ResponseStream.Current.CallId, out var at))
                    {
                        lock (histogram)
                        {
                            histogram.RecordValue((long)Stopwatch.GetElapsedTime(at, arrived).TotalMicroseconds);
                            received++;
                        }
                    }
                }
            }
            catch (RpcException ex) when (ex.StatusCode == StatusCode.Cancelled)
            {
            }
        })).ToList();

        var stopwatch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var callId = $"fan-out-{i}";
            sent[callId] = Stopwatch.GetTimestamp();
            await platform.RouteCallAsync(new RouteCallRequest { CallId = callId, CallerRegion = "RT" });
            await platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = callId, Kind = CallEventKind.Abandoned });
        }

        await Eventually.UntilAsync(() => Volatile.Read(ref received) >= calls * streams.Count, TimeSpan.FromSeconds(60), () => $"{calls * streams.Count} deliveries, {received} seen");
        var elapsed = stopwatch.Elapsed;
        await cancel.CancelAsync();
        await Task.WhenAll(readers);
        foreach (var stream in streams)
        {
            stream.Dispose();
        }

        Print($"forwarded call to {streams.Count} watching operators (stream fan-out)", received, received / elapsed.TotalSeconds, histogram, new ConcurrentDictionary<StatusCode, int>());
    }

    private static GrpcChannel Channel(Uri address, SuiteUser user) => MainRpc.Channel(address, user);

    private static void Print(string what, int samples, double perSecond, LongHistogram histogram, ConcurrentDictionary<StatusCode, int> errors) =>
        Console.WriteLine(
            $"| {what} | {samples} | {perSecond:F0} | {Ms(histogram, 50)} | {Ms(histogram, 99)} | {histogram.GetMaxValue() / 1000.0:F1} | " +
            (errors.IsEmpty ? "0" : string.Join(", ", errors.Select(e => $"{e.Value} {e.Key}"))) + " |");

    private static string Ms(LongHistogram histogram, double percentile) => (histogram.GetValueAtPercentile(percentile) / 1000.0).ToString("F2");
}
