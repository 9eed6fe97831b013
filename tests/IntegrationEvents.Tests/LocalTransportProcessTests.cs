using System.Net.Http.Json;
using System.Text.Json;
using Pvi.TestSupport;

namespace Pvi.IntegrationEvents.Tests;

/// <summary>The embedded default's delivery between two real processes over real sockets.</summary>
public sealed class LocalTransportProcessTests
{
    [Fact]
    public async Task Events_flow_between_two_processes_in_order_and_survive_the_subscriber_being_down()
    {
        var data = Directory.CreateTempSubdirectory("pvi-events-processes-");
        var (subscriberHttp, subscriberGrpc) = (FreePort.Next(), FreePort.Next());
        var (publisherHttp, publisherGrpc) = (FreePort.Next(), FreePort.Next());
        var subscriberEnvironment = new Dictionary<string, string>
        {
            ["Events__AppId"] = "echo-subscriber",
            ["ConnectionStrings__events"] = $"Data Source={Path.Combine(data.FullName, "subscriber.db")}",
        };
        var publisherEnvironment = new Dictionary<string, string>
        {
            ["Events__AppId"] = "echo-publisher",
            ["ConnectionStrings__events"] = $"Data Source={Path.Combine(data.FullName, "publisher.db")}",
            ["Events__Subscribers__echo-subscriber"] = $"http://127.0.0.1:{subscriberHttp}",
            ["Events__RetryBaseDelay"] = "00:00:00.100",
            ["Events__RetryMaxDelay"] = "00:00:01",
        };
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
        var publisherUrl = $"http://127.0.0.1:{publisherHttp}";
        var subscriberUrl = $"http://127.0.0.1:{subscriberHttp}";

        await using var publisher = ServiceProcess.StartProject("tests", "EventsTestApp", publisherHttp, publisherGrpc, publisherEnvironment);
        await publisher.WaitUntilOkAsync(new Uri($"{publisherUrl}/health/ready"), TimeSpan.FromSeconds(60));

        await using (var subscriber = ServiceProcess.StartProject("tests", "EventsTestApp", subscriberHttp, subscriberGrpc, subscriberEnvironment))
        {
            await subscriber.WaitUntilOkAsync(new Uri($"{subscriberUrl}/health/ready"), TimeSpan.FromSeconds(60));
            (await http.PostAsync($"{publisherUrl}/test/publish?count=300&aggregates=10", null)).EnsureSuccessStatusCode();
            await WaitForAsync(http, subscriberUrl, 300);
        }

        // The subscriber is down: events wait in the publisher's outbox.
        (await http.PostAsync($"{publisherUrl}/test/publish?count=100&aggregates=10", null)).EnsureSuccessStatusCode();
        var pending = await http.GetFromJsonAsync<JsonElement>($"{publisherUrl}/test/pending");
        Assert.True(pending.GetProperty("pending").GetInt32() > 0, $"pending: {pending}\n{publisher.Output}");

        await using (var subscriber = ServiceProcess.StartProject("tests", "EventsTestApp", subscriberHttp, subscriberGrpc, subscriberEnvironment))
        {
            await subscriber.WaitUntilOkAsync(new Uri($"{subscriberUrl}/health/ready"), TimeSpan.FromSeconds(60));
            var received = await WaitForAsync(http, subscriberUrl, 400);

            Assert.Equal(400, received.GetProperty("count").GetInt32());
            Assert.Equal(400, received.GetProperty("distinct").GetInt32());
            Assert.True(received.GetProperty("inOrder").GetBoolean());
        }

        data.Delete(recursive: true);
    }

    private static async Task<JsonElement> WaitForAsync(HttpClient http, string subscriberUrl, int count)
    {
        var received = default(JsonElement);
        await Eventually.UntilAsync(
            async () =>
            {
                received = await http.GetFromJsonAsync<JsonElement>($"{subscriberUrl}/test/received");
                return received.GetProperty("count").GetInt32() >= count;
            },
            TimeSpan.FromSeconds(90),
            () => $"{count} events received, got {received}",
            TimeSpan.FromMilliseconds(200));
        return received;
    }
}
