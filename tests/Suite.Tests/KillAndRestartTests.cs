using Grpc.Core;
using Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.Survey.V1;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// Journeys of the local run (started as the README says) with a service killed in the middle
/// (kill -9 of the real process, not a mock) and started again the way it ran: the journey
/// completes, nothing acknowledged is lost, nothing is done twice.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class KillAndRestartTests
{
    [Fact]
    public async Task A_journey_completes_when_a_service_is_killed_in_the_middle_and_started_again()
    {
        var data = Directory.CreateTempSubdirectory("pvi-kill-restart-");
        await using var suite = await LocalSuite.StartAsync(data);
        using var http = new HttpClient { BaseAddress = LocalSuite.GatewayHttp };

        await ComplaintWhileTheNdvServiceIsDownAsync(http, suite);
        await SurveyWithTheSurveyServiceKilledAsync(http, suite);

        Assert.True(await suite.InterruptAsync(TimeSpan.FromSeconds(60)), "the app host stops on Ctrl+C");
        await LocalSuite.WaitUntilPortsClosedAsync(TimeSpan.FromSeconds(60));
        data.Delete(recursive: true);
    }

    /// <summary>A pilot complaint registered while the NDV service is dead gets its representative once the service is back, exactly one request.</summary>
    private static async Task ComplaintWhileTheNdvServiceIsDownAsync(HttpClient http, ServiceProcess suite)
    {
        var ndv = RunningService.Find("NdvMatching", 5102);
        await ndv.KillAsync();

        using var handlerChannel = Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.TokenOfAsync(http, "demo-complaint-handler"));
        var handler = new ComplaintPilotService.ComplaintPilotServiceClient(handlerChannel);
        var today = DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var registered = DateTimeOffset.UtcNow.AddSeconds(-1);
        var complaint = await handler.RegisterComplaintAsync(new RegisterComplaintRequest
        {
            RequestId = "kill-restart-1",
            Unit = "AM",
            ReceiveDate = today,
            Channel = Pvi.Complaints.V1.Channel.Written,
            Complainant = new Complainant { Name = "Fictional complainant" },
            ConductDate = today,
            ConductDescription = "Stopped without a reason being given.",
            Category = "ethnic-profiling",
            Officers = { new InvolvedOfficer { OfficerId = "officer-9", Team = "AM-CEN" } },
        });
        Assert.True(complaint.PilotCase);
        Assert.Equal(string.Empty, complaint.NdvRepresentative);

        await using var restarted = ndv.StartAgain();
        await restarted.WaitUntilOkAsync(new Uri("http://localhost:5101/health/ready"), TimeSpan.FromSeconds(60));

        // The complaint service asks again by itself; the best member of Amsterdam gets the offer and accepts.
        using var memberChannel = Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.TokenOfAsync(http, "demo-ndv-member"));
        var member = new NdvMatchingService.NdvMatchingServiceClient(memberChannel);
        Offer? offer = null;
        await Eventually.UntilAsync(
            async () => (offer = (await member.ListOffersAsync(new ListOffersRequest { Status = OfferStatus.Pending })).Offers.FirstOrDefault()) is not null,
            TimeSpan.FromSeconds(60), () => $"the representative's offer reached the member:\n{restarted.Output}");
        await member.AcceptOfferAsync(new AcceptOfferRequest { Id = offer!.Id });
        await Eventually.UntilAsync(
            async () => (await handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).NdvRepresentative == "ndv-0001",
            TimeSpan.FromSeconds(60), () => "the accepted offer's event recorded the representative on the complaint");

        // Never made twice: one NDV request in Amsterdam since the complaint (the demo history has
        // the periods before this one), one "requested" and one "representative" step on the complaint.
        using var nationalChannel = Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.TokenOfAsync(http, "demo-ndv-national"));
        var requests = await new NdvMatchingService.NdvMatchingServiceClient(nationalChannel).ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { Unit = "AM", PageSize = 500 });
        Assert.Single(requests.Requests, r => r.CreateTime.ToDateTimeOffset() >= registered);
        var history = (await handler.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id })).History;
        Assert.Single(history, h => h.Kind == "ndv-requested");
        Assert.Single(history, h => h.Kind == "ndv-representative");
        Assert.False(suite.HasExited);
    }

    /// <summary>Responses acknowledged before the survey service was killed, also those still held back for their batch, are all counted; a used token stays used.</summary>
    private static async Task SurveyWithTheSurveyServiceKilledAsync(HttpClient http, ServiceProcess suite)
    {
        using var adminChannel = Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.TokenOfAsync(http, "demo-survey-admin"));
        using var employeeChannel = Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.TokenOfAsync(http, "demo-employee"));
        var admin = new SocialAgendaService.SocialAgendaServiceClient(adminChannel);
        var employee = new SocialAgendaService.SocialAgendaServiceClient(employeeChannel);
        var instrument = (await admin.ListInstrumentsAsync(new ListInstrumentsRequest())).Instruments.First();
        var wave = await admin.CreateWaveAsync(new CreateWaveRequest { Year = DateTime.Now.Year + 1, Title = "After a crash", InstrumentId = instrument.Id });
        var tokens = (await admin.IssueInvitationsAsync(new IssueInvitationsRequest { WaveId = wave.Id, Unit = "AM", Count = 15 })).Tokens;
        await admin.OpenWaveAsync(new OpenWaveRequest { Id = wave.Id });
        var answers = instrument.Questions.Where(q => q.Kind == QuestionKind.Scale).Select(q => new Answer { QuestionId = q.Id, Value = q.ScaleMax }).ToList();
        SubmitResponseRequest Response(string token) => new() { Token = token, Answers = { answers } };

        // Twelve acknowledged: ten released into the response table, two still held back for the next batch.
        foreach (var token in tokens.Take(12))
        {
            await employee.SubmitResponseAsync(Response(token));
        }

        var survey = RunningService.Find("SocialAgenda", 5402);
        await survey.KillAsync();
        await using var restarted = survey.StartAgain();
        await restarted.WaitUntilOkAsync(new Uri("http://localhost:5401/health/ready"), TimeSpan.FromSeconds(60));
        await LocalSuite.CallUntilServedAsync(SuiteClients.For("SocialAgenda"), await LocalSuite.DevelopmentTokenAsync(http, "employee"), suite);

        var used = await Assert.ThrowsAsync<RpcException>(() => employee.SubmitResponseAsync(Response(tokens[11])).ResponseAsync);
        Assert.Equal(StatusCode.PermissionDenied, used.StatusCode);
        foreach (var token in tokens.Skip(12))
        {
            await employee.SubmitResponseAsync(Response(token));
        }

        var closed = await admin.CloseWaveAsync(new CloseWaveRequest { Id = wave.Id });
        Assert.Equal(15, closed.Responses);
    }
}
