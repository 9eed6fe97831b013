using Grpc.Core;
using Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.Survey.V1;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// Nothing of unit Amsterdam is readable or changeable with tokens of unit Rotterdam, through the
/// gateway: not by id, not through list filters or page tokens, not in figures, not in streams;
/// and the refusal says no more than it would for something that does not exist.
/// </summary>
[Collection(LocalRunCollection.Name)]
public sealed class IsolationTests(LocalSuiteFixture suite) : IClassFixture<LocalSuiteFixture>
{
    private static SuiteUser User(string role, string unit, string? team = null, string? rsc = null) =>
        new() { Id = $"{role}-{unit}", Name = $"{role} {unit}", Roles = [role], Unit = unit, Team = team, Rsc = rsc };

    private static CallInvoker Invoker(SuiteUser user) => Channels.Grpc(LocalSuite.GatewayGrpc, LocalSuite.Tokens.For(user)).CreateCallInvoker();

    [Fact]
    public async Task Nothing_of_one_unit_is_readable_or_changeable_with_another_units_tokens()
    {
        Assert.False(suite.Process.HasExited);
        var missing = Guid.NewGuid().ToString();

        // NDV: a request of Amsterdam.
        var ndvAm = new NdvMatchingService.NdvMatchingServiceClient(Invoker(User(Roles.BasicTeam, "AM", "AM-CEN")));
        var ndvRt = new NdvMatchingService.NdvMatchingServiceClient(Invoker(User(Roles.BasicTeam, "RT", "RT-NOO")));
        var ndvRtCoordinator = new NdvMatchingService.NdvMatchingServiceClient(Invoker(User(Roles.NdvCoordinator, "RT")));
        var request = await ndvAm.CreateExpertiseRequestAsync(new CreateExpertiseRequestRequest
        {
            Unit = "AM", NeededExpertise = { "culture-chinese" }, Urgency = Urgency.Normal, ExpectedHours = 1, Description = "Isolation check.",
        });
        await AssertRefusedAlikeAsync(
            () => ndvRt.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = request.Id }).ResponseAsync,
            () => ndvRt.GetExpertiseRequestAsync(new GetExpertiseRequestRequest { Id = missing }).ResponseAsync);
        await AssertRefusedAlikeAsync(
            () => ndvRt.CancelExpertiseRequestAsync(new CancelExpertiseRequestRequest { Id = request.Id }).ResponseAsync,
            () => ndvRt.CancelExpertiseRequestAsync(new CancelExpertiseRequestRequest { Id = missing }).ResponseAsync);
        var amPage = await ndvAm.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { PageSize = 1 });
        await AssertNotListedAsync(request.Id, async () => (await ndvRt.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { Unit = "AM" })).Requests.Select(r => r.Id));
        await AssertNotListedAsync(request.Id, async () => (await ndvRt.ListExpertiseRequestsAsync(new ListExpertiseRequestsRequest { PageToken = amPage.NextPageToken })).Requests.Select(r => r.Id));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => ndvRtCoordinator.GetFiguresAsync(new GetFiguresRequest { Unit = "AM" }).ResponseAsync);

        // Complaint pilot: a complaint of Amsterdam.
        var handlerAm = new ComplaintPilotService.ComplaintPilotServiceClient(Invoker(User(Roles.ComplaintHandler, "AM", "AM-ZUI")));
        var handlerRt = new ComplaintPilotService.ComplaintPilotServiceClient(Invoker(User(Roles.ComplaintHandler, "RT", "RT-ZUI")));
        var managementRt = new ComplaintPilotService.ComplaintPilotServiceClient(Invoker(User(Roles.UnitManagement, "RT")));
        var today = DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var complaint = await handlerAm.RegisterComplaintAsync(new RegisterComplaintRequest
        {
            Unit = "AM", ReceiveDate = today, Channel = Pvi.Complaints.V1.Channel.Written, Complainant = new Complainant { Name = "Fictional complainant" },
            ConductDate = today, ConductDescription = "Isolation check.", Category = "conduct", Officers = { new InvolvedOfficer { OfficerId = "officer-3", Team = "AM-CEN" } },
        });
        await AssertRefusedAlikeAsync(
            () => handlerRt.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id }).ResponseAsync,
            () => handlerRt.GetComplaintAsync(new GetComplaintRequest { Id = missing }).ResponseAsync);
        await AssertRefusedAlikeAsync(
            () => handlerRt.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest { Id = complaint.Id }).ResponseAsync,
            () => handlerRt.AcknowledgeReceiptAsync(new AcknowledgeReceiptRequest { Id = missing }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => handlerRt.ListComplaintsAsync(new ListComplaintsRequest { Unit = "AM" }).ResponseAsync);
        await AssertNotListedAsync(complaint.Id, async () => (await handlerRt.ListComplaintsAsync(new ListComplaintsRequest())).Complaints.Select(c => c.Id));
        var year = DateTime.Now.Year;
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => managementRt.GetComplaintFiguresAsync(new GetComplaintFiguresRequest { Unit = "AM", Year = year, Quarter = 1 }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => managementRt.GetComplaintRegisterAsync(new GetComplaintRegisterRequest { Unit = "AM", Year = year }).ResponseAsync);

        // Phone overflow: the live view of the Amsterdam RSC with a Rotterdam operator's token.
        var operatorRt = new Pvi.Overflow.V1.PhoneOverflowService.PhoneOverflowServiceClient(Invoker(User(Roles.RscOperator, "RT", rsc: "RSC-RT")));
        using var stream = operatorRt.WatchForwardedCalls(new Pvi.Overflow.V1.WatchForwardedCallsRequest { Rsc = "RSC-AM" }, deadline: DateTime.UtcNow.AddSeconds(10));
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => stream.ResponseStream.MoveNext(CancellationToken.None));

        // Sociale agenda: Amsterdam's results, comments and measures with Rotterdam's management.
        var surveyAm = new SocialAgendaService.SocialAgendaServiceClient(Invoker(User(Roles.UnitManagement, "AM")));
        var surveyRt = new SocialAgendaService.SocialAgendaServiceClient(Invoker(User(Roles.UnitManagement, "RT")));
        var wave = (await surveyAm.ListWavesAsync(new ListWavesRequest())).Waves.First();
        var measure = await surveyAm.CreateMeasureAsync(new CreateMeasureRequest { Unit = "AM", Title = "Isolation check", Owner = "Management", DueDate = $"{year + 1}-01-31" });
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => surveyRt.GetUnitReportAsync(new GetUnitReportRequest { WaveId = wave.Id, Unit = "AM" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => surveyRt.ListCommentsAsync(new ListCommentsRequest { WaveId = wave.Id, Unit = "AM" }).ResponseAsync);
        await RpcAssert.FailsAsync(StatusCode.PermissionDenied, () => surveyRt.ListMeasuresAsync(new ListMeasuresRequest { Unit = "AM" }).ResponseAsync);
        await AssertRefusedAlikeAsync(
            () => surveyRt.UpdateMeasureAsync(new UpdateMeasureRequest { Measure = new Measure { Id = measure.Id, ProgressPercent = 100 }, UpdateMask = new() { Paths = { "progress_percent" } } }).ResponseAsync,
            () => surveyRt.UpdateMeasureAsync(new UpdateMeasureRequest { Measure = new Measure { Id = missing, ProgressPercent = 100 }, UpdateMask = new() { Paths = { "progress_percent" } } }).ResponseAsync);
        Assert.Equal(0, (await surveyAm.ListMeasuresAsync(new ListMeasuresRequest { Unit = "AM" })).Measures.Single(m => m.Id == measure.Id).ProgressPercent);
    }

    /// <summary>The other unit's resource and one that does not exist get the same refusal.</summary>
    private static async Task AssertRefusedAlikeAsync(Func<Task> otherUnits, Func<Task> nonexistent)
    {
        var refused = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, otherUnits);
        var absent = await RpcAssert.FailsAsync(StatusCode.PermissionDenied, nonexistent);
        Assert.Equal(absent.Status.Detail, refused.Status.Detail);
    }

    /// <summary>A list answers (the caller's own unit) without the other unit's item, or refuses.</summary>
    private static async Task AssertNotListedAsync(string id, Func<Task<IEnumerable<string>>> list)
    {
        try
        {
            Assert.DoesNotContain(id, await list());
        }
        catch (RpcException e) when (e.StatusCode is StatusCode.PermissionDenied or StatusCode.InvalidArgument)
        {
        }
    }
}
