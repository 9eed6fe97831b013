using Grpc.Core;
using Pvi.Ndv.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// Faults under load on the local run: a publishing service killed with kill -9 while it takes a
/// steady stream of writes, then started again as it ran.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class FaultTests(LocalSuiteFixture suite, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LocalSuiteFixture>
{
    private static readonly string[] RozeInBlauwMembers = ["ndv-0002", "ndv-0009", "ndv-0017"];

    [Fact]
    public async Task Killed_under_load_every_acknowledged_write_is_there_and_its_event_applied_once()
    {
        await SuiteDatabases.WaitUntilEventsDeliveredAsync(suite.DataFolder);
        var ndv = RunningService.Find("NdvMatching", 5102);
        var stop = DateTime.UtcNow + TimeSpan.FromSeconds(8);
        var (acknowledged, refused) = (0, 0);

        // One writer per Roze in Blauw member, renaming it again and again; each stops after an acknowledged write past the end.
        var writers = RozeInBlauwMembers.Select(member => Task.Run(async () =>
        {
            using var channel = Channels.Grpc(LocalSuite.GatewayGrpc, TestTokens.For(new SuiteUser { Id = $"load-{member}", Name = "load", Roles = [Roles.NdvNationalCoordinator], Unit = "PDC" }));
            var client = new NdvMatchingService.NdvMatchingServiceClient(channel);
            var last = -1;
            for (var n = 0; DateTime.UtcNow < stop || last < n - 1; n++)
            {
                try
                {
                    await client.UpdateMemberAsync(
                        new UpdateMemberRequest { Member = new Member { Id = member, Name = $"Load {member} {n}" }, UpdateMask = new() { Paths = { "name" } } },
                        deadline: DateTime.UtcNow.AddSeconds(5));
                    last = n;
                    Interlocked.Increment(ref acknowledged);
                }
                catch (RpcException e) when (e.StatusCode is StatusCode.Unavailable or StatusCode.DeadlineExceeded or StatusCode.Internal or StatusCode.Unknown)
                {
                    Interlocked.Increment(ref refused);
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }
            }

            return (member, last);
        })).ToList();

        // kill -9 in the middle of the stream, and the service started again as it ran.
        await Eventually.UntilAsync(() => Volatile.Read(ref acknowledged) >= 60, TimeSpan.FromSeconds(30), () => "the load is running");
        await ndv.KillAsync();
        await using var restarted = ndv.StartAgain();
        await restarted.WaitUntilOkAsync(new Uri("http://localhost:5101/health/ready"), TimeSpan.FromSeconds(60));
        var finals = await Task.WhenAll(writers);
        output.WriteLine($"{acknowledged} writes acknowledged, {refused} refused while the NDV service was down or starting");

        // Every member holds its last acknowledged name (nothing acknowledged was lost) ...
        using var coordinatorChannel = Channels.Grpc(LocalSuite.GatewayGrpc, TestTokens.For(new SuiteUser { Id = "check", Name = "check", Roles = [Roles.NdvNationalCoordinator], Unit = "PDC" }));
        var coordinator = new NdvMatchingService.NdvMatchingServiceClient(coordinatorChannel);
        foreach (var (member, last) in finals)
        {
            Assert.Equal($"Load {member} {last}", (await coordinator.GetMemberAsync(new GetMemberRequest { MemberId = member })).Name);
        }

        // ... and once every event is delivered, the overflow roster shows the same names: each event applied, in order.
        await SuiteDatabases.WaitUntilEventsDeliveredAsync(suite.DataFolder);
        using var overflowChannel = Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.DevelopmentTokenAsync(new HttpClient { BaseAddress = LocalSuite.GatewayHttp }, Roles.OverflowCoordinator));
        var roster = (await new Pvi.Overflow.V1.PhoneOverflowService.PhoneOverflowServiceClient(overflowChannel).ListDutyRosterAsync(new Pvi.Overflow.V1.ListDutyRosterRequest())).Members;
        foreach (var (member, last) in finals)
        {
            Assert.Equal($"Load {member} {last}", roster.Single(m => m.MemberId == member).Name);
        }

        // Exactly once in effect: every member event the NDV outbox holds was handled once by the overflow service.
        var published = await SuiteDatabases.CountAsync(suite.DataFolder, "ndv.db", "SELECT COUNT(*) FROM outbox_messages WHERE Topic = 'ndv.member-changed'");
        var handled = await SuiteDatabases.CountAsync(suite.DataFolder, "overflow.db", "SELECT COUNT(*) FROM processed_messages");
        Assert.Equal(published, handled);
    }
}
