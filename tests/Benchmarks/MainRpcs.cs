extern alias complaints;

using Grpc.Core;
using Grpc.Net.Client;
using Pvi.Echo.V1;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.ServiceDefaults.Authentication;
using Pvi.SocialAgenda.Infrastructure;
using Pvi.Survey.V1;
using Pvi.TestSupport;
using ComplaintsApi = complaints::Pvi.Complaints.V1;

namespace Pvi.Benchmarks;

/// <summary>
/// What the performance and soak runs put under load: the bare echo service on the suite's stack
/// (the limit of the stack on this machine) and each service's main RPC, each started as real
/// processes behind the real gateway.
/// </summary>
public sealed record MainRpc(
    string Service,
    string Rpc,
    string Cluster,
    Func<IReadOnlyDictionary<string, string>, Task<ServiceBehindGateway>> StartAsync,
    Func<Uri, Uri, string, Task<Func<long, Task>>> PrepareAsync)
{
    /// <summary>
    /// Settings of the services started alone: the subscribers the relay asks are the service
    /// itself ({self}), which subscribes to none of its own topics, so events are relayed to
    /// nobody instead of waiting for apps that do not run.
    /// </summary>
    private static Dictionary<string, string> Alone(IReadOnlyDictionary<string, string> database, params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string>(database)
        {
            ["Events__Subscribers__phone-overflow"] = ServiceBehindGateway.Self,
            ["Events__Subscribers__complaint-pilot"] = ServiceBehindGateway.Self,
            ["Events__Subscribers__ndv-matching"] = ServiceBehindGateway.Self,
            ["Events__Subscribers__social-agenda"] = ServiceBehindGateway.Self,
        };
        foreach (var (key, value) in more)
        {
            settings[key] = value;
        }

        return settings;
    }

    public static MainRpc Echo { get; } = new("echo (baseline)", "Echo", "echo",
        _ => ServiceBehindGateway.StartAsync(EchoServer.Start, "echo", new Dictionary<string, string>(), EchoRoutes.EnvironmentVariables),
        (_, address, _) =>
        {
            var client = new EchoService.EchoServiceClient(Channel(address, new SuiteUser { Id = "bench", Name = "bench", Roles = [Roles.Employee], Unit = "AM" }));
            var request = new EchoRequest { Message = "Goedemorgen" };
            return Task.FromResult<Func<long, Task>>(_ => client.EchoAsync(request, deadline: Deadline()).ResponseAsync);
        });

    public static MainRpc Ndv { get; } = new("NDV matching", "CreateExpertiseRequest + Cancel", "ndv",
        database => ServiceBehindGateway.StartAsync("NdvMatching", "ndv", Alone(database)),
        async (service, address, _) =>
        {
            // Budgets large enough that members stay available for the whole run.
            var admin = new NdvMatchingService.NdvMatchingServiceClient(Channel(service, new SuiteUser { Id = "bench", Name = "bench", Roles = [Roles.NdvNationalCoordinator], Unit = "PDC" }));
            foreach (var scope in new[] { "national", "AM" })
            {
                await admin.SetBudgetGuidelineAsync(new SetBudgetGuidelineRequest { Scope = scope, HoursPerPeriod = 2000 });
            }

            var client = new NdvMatchingService.NdvMatchingServiceClient(Channel(address, new SuiteUser { Id = "bench-team", Name = "bench", Roles = [Roles.BasicTeam], Unit = "AM", Team = "AM-CEN" }));
            var request = new CreateExpertiseRequestRequest
            {
                Unit = "AM",
                NeededExpertise = { "mourning-rituals", "culture-moroccan" },
                Languages = { "ar" },
                Urgency = Urgency.Normal,
                ExpectedHours = 1,
                Description = "Benchmark request.",
            };
            // Each request is cancelled by its team after the offer went out, as the overflow's calls are
            // abandoned: the members' reservations stay as they were instead of growing through the run.
            return async _ =>
            {
                var created = await client.CreateExpertiseRequestAsync(request, deadline: Deadline());
                await client.CancelExpertiseRequestAsync(new CancelExpertiseRequestRequest { Id = created.Id, Reason = "Benchmark." }, deadline: Deadline());
            };
        });

    public static MainRpc Overflow { get; } = new("Roze in Blauw overflow", "RouteCall + ReportCallEvent", "overflow",
        database => ServiceBehindGateway.StartAsync("PhoneOverflow", "overflow", Alone(database, ("Overflow__SeedDemoPeople", "false"))),
        async (service, address, path) =>
        {
            // 50 trained operators signed in at RSC Rotterdam; each call is abandoned after its decision, so the queue stays as it was.
            var coordinator = new PhoneOverflowService.PhoneOverflowServiceClient(Channel(service, new SuiteUser { Id = "bench", Name = "bench", Roles = [Roles.OverflowCoordinator] }));
            for (var i = 0; i < 50; i++)
            {
                var id = $"bench-op-{i:D2}";
                await coordinator.SetOperatorTrainingAsync(new SetOperatorTrainingRequest { OperatorId = id, Rsc = "RSC-RT", Name = id, LgbtiqTrained = true });
                await new PhoneOverflowService.PhoneOverflowServiceClient(Channel(service, new SuiteUser { Id = id, Name = id, Roles = [Roles.RscOperator], Rsc = "RSC-RT" }))
                    .SignInAsync(new SignInRequest());
            }

            var platform = new PhoneOverflowService.PhoneOverflowServiceClient(Channel(address, new SuiteUser { Id = "bench-platform", Name = "bench", Roles = [Roles.TelephonyPlatform] }));
            return async n =>
            {
                var id = $"{path}-{n}";
                var decision = await platform.RouteCallAsync(new RouteCallRequest { CallId = id, CallerRegion = "RT" }, deadline: Deadline());
                if (decision.Action != RoutingAction.Voicemail)
                {
                    await platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = id, Kind = CallEventKind.Abandoned }, deadline: Deadline());
                }
            };
        });

    public static MainRpc Complaints { get; } = new("complaint pilot", "RegisterComplaint", "complaints",
        database => ServiceBehindGateway.StartAsync("ComplaintPilot", "complaints", Alone(database, ("Complaints__SeedDemoComplaints", "false"), ("Services__ndv__Grpc", $"http://127.0.0.1:{FreePort.Next()}"))),
        (_, address, path) =>
        {
            var client = new ComplaintsApi.ComplaintPilotService.ComplaintPilotServiceClient(Channel(address, new SuiteUser { Id = "bench", Name = "bench", Roles = [Roles.ComplaintHandler], Unit = "AM" }));
            var today = DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            return Task.FromResult<Func<long, Task>>(n => client.RegisterComplaintAsync(new ComplaintsApi.RegisterComplaintRequest
            {
                RequestId = $"{path}-{n}",
                Unit = "AM",
                ReceiveDate = today,
                Channel = ComplaintsApi.Channel.Written,
                Complainant = new ComplaintsApi.Complainant { Name = "Benchmark" },
                ConductDate = today,
                ConductDescription = "Benchmark complaint.",
                Category = "conduct",
                Officers = { new ComplaintsApi.InvolvedOfficer { OfficerId = "officer-1", Team = "AM-CEN" } },
            }, deadline: Deadline()).ResponseAsync);
        });

    public static MainRpc Survey { get; } = new("sociale agenda", "SubmitResponse", "survey",
        database => ServiceBehindGateway.StartAsync("SocialAgenda", "survey", Alone(database, ("Survey__SeedDemoWaves", "false"))),
        async (service, address, path) =>
        {
            // An open wave of next year with invitations for every call the run can make.
            var admin = new SocialAgendaService.SocialAgendaServiceClient(Channel(service, new SuiteUser { Id = "bench", Name = "bench", Roles = [Roles.SurveyAdministrator], Unit = "PDC" }));
            var instrument = (await admin.ListInstrumentsAsync(new ListInstrumentsRequest())).Instruments.First(i => i.State == InstrumentState.Published);
            var year = DateTime.Now.Year + 1;
            var wave = (await admin.ListWavesAsync(new ListWavesRequest())).Waves.FirstOrDefault(w => w.Year == year);
            if (wave is null)
            {
                wave = await admin.CreateWaveAsync(new CreateWaveRequest { Year = year, Title = "Benchmark", InstrumentId = instrument.Id });
                await admin.OpenWaveAsync(new OpenWaveRequest { Id = wave.Id });
            }

            var tokens = await IssueInvitationsAsync(admin, wave.Id, SurveyInvitations, ["AM", "RT", "DH", "MN", "NH", "OB", "ON", "ZWB", "LB", "NN"]);

            var client = new SocialAgendaService.SocialAgendaServiceClient(Channel(address, new SuiteUser { Id = "bench-employee", Name = "bench", Roles = [Roles.Employee], Unit = "AM" }));
            var answers = instrument.Questions.Where(q => q.Kind == QuestionKind.Scale).Select((q, i) => new Answer { QuestionId = q.Id, Value = q.ScaleMin + (i % (q.ScaleMax - q.ScaleMin + 1)) }).ToList();
            var next = -1;
            return _ =>
            {
                var index = Interlocked.Increment(ref next);
                return index < tokens.Count
                    ? client.SubmitResponseAsync(new SubmitResponseRequest { Token = tokens[index], Answers = { answers } }, deadline: Deadline()).ResponseAsync
                    : Task.FromException(new RpcException(new Status(StatusCode.ResourceExhausted, "The run used all its invitations.")));
            };
        });

    /// <summary>Invitations issued for each path of a survey run.</summary>
    public static int SurveyInvitations { get; private set; } = 60_000;

    /// <summary>Sizes the survey runs' invitations (<see cref="InvitationsFor"/>) for <paramref name="busy"/> of responses.</summary>
    public static void SurveyInvitationsFor(TimeSpan busy) => SurveyInvitations = InvitationsFor(busy);

    /// <summary>Enough invitations for <paramref name="busy"/> of responses at up to 3,000 a second (the goal), in whole requests.</summary>
    public static int InvitationsFor(TimeSpan busy) =>
        SurveyLimits.MaxInvitationsPerRequest * (int)Math.Ceiling(busy.TotalSeconds * 3_000 / SurveyLimits.MaxInvitationsPerRequest);

    /// <summary>Issues <paramref name="count"/> invitations to the wave, as many as a request may ask for at a time, the units in turn.</summary>
    public static async Task<List<string>> IssueInvitationsAsync(SocialAgendaService.SocialAgendaServiceClient admin, string waveId, int count, IReadOnlyList<string> units)
    {
        var tokens = new List<string>(count);
        for (var i = 0; tokens.Count < count; i++)
        {
            var request = new IssueInvitationsRequest { WaveId = waveId, Unit = units[i % units.Count], Count = Math.Min(SurveyLimits.MaxInvitationsPerRequest, count - tokens.Count) };
            tokens.AddRange((await admin.IssueInvitationsAsync(request, deadline: DateTime.UtcNow.AddMinutes(2))).Tokens);
        }

        return tokens;
    }

    public static IReadOnlyList<MainRpc> All { get; } = [Echo, Ndv, Overflow, Complaints, Survey];

    private static DateTime Deadline() => DateTime.UtcNow.AddSeconds(30);

    /// <summary>A channel with the user's token that opens more connections when 100 calls are in flight on one.</summary>
    public static GrpcChannel Channel(Uri address, SuiteUser user) => Channels.Grpc(address, TestTokens.For(user), multipleConnections: true);
}
