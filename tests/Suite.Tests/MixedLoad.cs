using System.Collections.Concurrent;
using Grpc.Core;
using Grpc.Net.Client;
using Pvi.Complaints.V1;
using Pvi.Ndv.V1;
using Pvi.Overflow.V1;
using Pvi.Survey.V1;
using Pvi.TestSupport;

namespace Pvi.Suite.Tests;

/// <summary>
/// A steady stream of mixed calls on all four services of the local run, through the gateway, as
/// their users make them: NDV coordinators renaming members and reading them back, the telephony
/// platform routing Roze in Blauw calls that a member answers and completes, a complaint handler
/// registering and reading complaints, employees answering the survey. Every write is retried
/// with its own idempotency key (member name, call id, request id, token) until it is
/// acknowledged, so that what was acknowledged can be checked afterwards.
/// </summary>
public sealed class MixedLoad
{
    /// <summary>A refusal of a call while its service is down or starting; anything else is a defect.</summary>
    private static readonly StatusCode[] Transient = [StatusCode.Unavailable, StatusCode.DeadlineExceeded, StatusCode.Internal, StatusCode.Unknown, StatusCode.Cancelled];

    private readonly List<Workload> _workloads;

    private MixedLoad(List<Workload> workloads) => _workloads = workloads;

    public IReadOnlyList<Workload> Workloads => _workloads;

    public Workload For(string project) => _workloads.Single(w => w.Project == project);

    /// <summary>The load on all four services of the local run, through the gateway with the demo users' development tokens.</summary>
    /// <param name="run">Distinguishes this load's member names, call ids and request ids.</param>
    public static async Task<MixedLoad> PrepareAsync(HttpClient http, string run, DirectoryInfo dataFolder) =>
        await PrepareAsync(["NdvMatching", "PhoneOverflow", "ComplaintPilot", "SocialAgenda"], user => ChannelAsync(http, user), run, SuiteStore.Sqlite(dataFolder));

    /// <summary>The load on the named services, as the demo users of seeds/users.json whose channels <paramref name="channelOf"/> gives.</summary>
    public static async Task<MixedLoad> PrepareAsync(IReadOnlyList<string> projects, Func<string, Task<GrpcChannel>> channelOf, string run, SuiteStore store)
    {
        var workloads = new List<Workload>();
        foreach (var project in projects)
        {
            workloads.Add(project switch
            {
                "NdvMatching" => new NdvWorkload(await channelOf("demo-ndv-national"), run),
                "PhoneOverflow" => await OverflowWorkload.PrepareAsync(await channelOf("demo-telephony"), await channelOf("demo-roze-in-blauw"), run),
                "ComplaintPilot" => new ComplaintWorkload(await channelOf("demo-complaint-handler"), run),
                "SocialAgenda" => await SurveyWorkload.PrepareAsync(await channelOf("demo-survey-admin"), await channelOf("demo-employee"), store),
                _ => throw new ArgumentOutOfRangeException(nameof(projects), project, "not a service of the suite"),
            });
        }

        return new MixedLoad(workloads);
    }

    /// <summary>Runs every workload until <paramref name="stop"/>; each finishes the write it has begun.</summary>
    public Task RunAsync(CancellationToken stop) => Task.WhenAll(_workloads.Select(w => Task.Run(() => w.RunAsync(stop))));

    /// <summary>
    /// The effects of the events, once every outbox has delivered: the overflow roster shows the
    /// NDV members' last names, and each call a member answered and completed is exactly one
    /// call-time record in NDV.
    /// </summary>
    public async Task VerifyEffectsAsync(HttpClient http, SuiteStore store)
    {
        using var coordinatorChannel = await ChannelAsync(http, "demo-overflow-coordinator");
        var roster = (await new PhoneOverflowService.PhoneOverflowServiceClient(coordinatorChannel).ListDutyRosterAsync(new ListDutyRosterRequest())).Members;
        foreach (var (member, name) in ((NdvWorkload)For("NdvMatching")).LastNames)
        {
            Assert.Equal(name, roster.Single(m => m.MemberId == member).Name);
        }

        var calls = (OverflowWorkload)For("PhoneOverflow");
        var completed = await calls.CompletedByMemberAsync(store);
        Assert.NotEmpty(completed);
        var booked = await store.TextsAsync("ndv", $"SELECT \"SourceId\" FROM work_records WHERE \"SourceId\" LIKE '{calls.CallPrefix}%'");
        Assert.Equal(completed.Order(StringComparer.Ordinal), booked.Order(StringComparer.Ordinal));
    }

    private static async Task<GrpcChannel> ChannelAsync(HttpClient http, string user) =>
        Channels.Grpc(LocalSuite.GatewayGrpc, await LocalSuite.TokenOfAsync(http, user));

    /// <summary>The calls of one service: what was acknowledged, what was refused, and how to check it afterwards.</summary>
    public abstract class Workload(string project)
    {
        private int _acknowledged;

        public string Project { get; } = project;

        /// <summary>Writes acknowledged so far.</summary>
        public int Acknowledged => Volatile.Read(ref _acknowledged);

        /// <summary>Calls refused while the service was down or starting, by status.</summary>
        public ConcurrentDictionary<StatusCode, int> Refusals { get; } = new();

        /// <summary>
        /// One step every <see cref="StepInterval"/>, well under the gateway's rate limit of a
        /// caller; a step that waited for its service does not make the next ones hurry.
        /// </summary>
        public async Task RunAsync(CancellationToken stop)
        {
            var next = DateTime.UtcNow;
            for (var n = 0; !stop.IsCancellationRequested; n++)
            {
                var wait = next - DateTime.UtcNow;
                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, CancellationToken.None);
                }

                next = DateTime.UtcNow > next + StepInterval ? DateTime.UtcNow : next + StepInterval;
                await StepAsync(n);
            }
        }

        public static TimeSpan StepInterval { get; } = TimeSpan.FromMilliseconds(40);

        /// <summary>One write and its read-back, each retried until it is answered.</summary>
        protected abstract Task StepAsync(int n);

        /// <summary>Every acknowledged write is there, once; its effects on other services are checked by the caller after delivery.</summary>
        public abstract Task VerifyAsync(SuiteStore store);

        /// <summary>
        /// The call until it is answered. A transient refusal is counted and the call sent again
        /// with the same key; <paramref name="applied"/> says whether a refusal that is not
        /// transient, after an unanswered attempt, means the earlier attempt was applied.
        /// </summary>
        protected async Task<(T? Answer, bool Acknowledged)> UntilAnsweredAsync<T>(Func<CallOptions, AsyncUnaryCall<T>> call, Func<RpcException, bool>? applied = null)
            where T : class
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    var answer = await call(new CallOptions(deadline: DateTime.UtcNow.AddSeconds(10)));
                    Interlocked.Increment(ref _acknowledged);
                    return (answer, true);
                }
                catch (RpcException e) when (Transient.Contains(e.StatusCode))
                {
                    Refusals.AddOrUpdate(e.StatusCode, 1, (_, count) => count + 1);
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }
                catch (RpcException e) when (attempt > 0 && applied is not null && applied(e))
                {
                    return (null, false);
                }
            }
        }
    }

    /// <summary>Two NDV members renamed again and again by the national coordinator, each read back.</summary>
    private sealed class NdvWorkload(GrpcChannel channel, string run) : Workload("NdvMatching")
    {
        private static readonly string[] Members = ["ndv-0009", "ndv-0017"];
        private readonly NdvMatchingService.NdvMatchingServiceClient _client = new(channel);

        public ConcurrentDictionary<string, string> LastNames { get; } = new();

        protected override async Task StepAsync(int n)
        {
            var member = Members[n % Members.Length];
            var name = $"{run} {member} {n}";
            await UntilAnsweredAsync(o => _client.UpdateMemberAsync(new UpdateMemberRequest { Member = new Member { Id = member, Name = name }, UpdateMask = new() { Paths = { "name" } } }, o));
            LastNames[member] = name;
            await UntilAnsweredAsync(o => _client.GetMemberAsync(new GetMemberRequest { MemberId = member }, o));
        }

        public override async Task VerifyAsync(SuiteStore store)
        {
            foreach (var (member, name) in LastNames)
            {
                Assert.Equal(name, (await _client.GetMemberAsync(new GetMemberRequest { MemberId = member })).Name);
            }
        }
    }

    /// <summary>
    /// Roze in Blauw calls one after the other: a call rung to the member on duty is answered and
    /// completed (its call time goes to NDV as an event); any other decision is abandoned.
    /// </summary>
    private sealed class OverflowWorkload : Workload
    {
        private readonly PhoneOverflowService.PhoneOverflowServiceClient _platform;
        private readonly string _run;
        private readonly ConcurrentDictionary<string, CallStatus> _acknowledgedEnds = new();
        private readonly ConcurrentBag<string> _calls = [];

        private OverflowWorkload(GrpcChannel platform, string run)
            : base("PhoneOverflow")
        {
            _platform = new PhoneOverflowService.PhoneOverflowServiceClient(platform);
            _run = run;
        }

        public static async Task<OverflowWorkload> PrepareAsync(GrpcChannel platform, GrpcChannel member, string run)
        {
            await new PhoneOverflowService.PhoneOverflowServiceClient(member).GoOnDutyAsync(new GoOnDutyRequest());
            return new OverflowWorkload(platform, run);
        }

        /// <summary>Calls of this load a member answered and completed, as the overflow service's file has them; each must be one call-time record in NDV.</summary>
        public Task<List<string>> CompletedByMemberAsync(SuiteStore store) =>
            store.TextsAsync("overflow", $"SELECT \"Id\" FROM calls WHERE \"Id\" LIKE '{CallPrefix}%' AND \"Status\" = {(int)CallStatus.Completed} AND \"AnsweredByKind\" = {(int)TargetKind.Member}");

        public string CallPrefix => $"{_run}-call-";

        protected override async Task StepAsync(int n)
        {
            var id = $"{CallPrefix}{n}";
            var (decision, _) = await UntilAnsweredAsync(o => _platform.RouteCallAsync(new RouteCallRequest { CallId = id, CallerRegion = "RT" }, o));
            _calls.Add(id);
            if (decision!.Action == RoutingAction.Ring && decision.TargetKind == TargetKind.Member
                && await ReportAsync(id, CallEventKind.Answered, CallStatus.Answered)
                && await ReportAsync(id, CallEventKind.Completed, CallStatus.Completed))
            {
                return;
            }

            var current = await _platform.GetCallAsync(new GetCallRequest { CallId = id });
            if (current.Status is CallStatus.Ringing or CallStatus.Queued or CallStatus.Answered)
            {
                await ReportAsync(id, current.Status == CallStatus.Answered ? CallEventKind.Completed : CallEventKind.Abandoned, current.Status == CallStatus.Answered ? CallStatus.Completed : CallStatus.Abandoned);
            }
        }

        /// <summary>True when the call is in <paramref name="state"/> afterwards (acknowledged now, or applied by an unanswered attempt).</summary>
        private async Task<bool> ReportAsync(string id, CallEventKind kind, CallStatus state)
        {
            var (answer, acknowledged) = await UntilAnsweredAsync(
                o => _platform.ReportCallEventAsync(new ReportCallEventRequest { CallId = id, Kind = kind }, o),
                e => e.StatusCode == StatusCode.FailedPrecondition);
            if (acknowledged && answer!.Status == state && state is CallStatus.Completed or CallStatus.Abandoned)
            {
                _acknowledgedEnds[id] = state;
            }

            return acknowledged ? answer!.Status == state : (await _platform.GetCallAsync(new GetCallRequest { CallId = id })).Status == state;
        }

        public override async Task VerifyAsync(SuiteStore store)
        {
            // The file, not GetCall: hundreds of reads at once would meet the gateway's rate limit.
            Assert.NotEmpty(_acknowledgedEnds);
            var stored = (await store.TextsAsync("overflow", $"SELECT \"Id\" || ' ' || \"Status\" FROM calls WHERE \"Id\" LIKE '{CallPrefix}%'"))
                .Select(row => row.Split(' ')).ToDictionary(row => row[0], row => (CallStatus)int.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture));
            Assert.Equal(_calls.Count, stored.Count);
            foreach (var (id, state) in _acknowledgedEnds)
            {
                Assert.Equal(state, stored[id]);
            }
        }
    }

    /// <summary>Complaints registered by a handler of Amsterdam, each with its own request id, and read back.</summary>
    private sealed class ComplaintWorkload(GrpcChannel channel, string run) : Workload("ComplaintPilot")
    {
        private readonly ComplaintPilotService.ComplaintPilotServiceClient _client = new(channel);
        private readonly ConcurrentDictionary<string, string> _registered = new();

        protected override async Task StepAsync(int n)
        {
            var requestId = $"{run}-complaint-{n}";
            var today = DateOnly.FromDateTime(DateTime.Now).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            var (complaint, _) = await UntilAnsweredAsync(o => _client.RegisterComplaintAsync(new RegisterComplaintRequest
            {
                RequestId = requestId,
                Unit = "AM",
                ReceiveDate = today,
                Channel = Pvi.Complaints.V1.Channel.Written,
                Complainant = new Complainant { Name = "Fictional complainant" },
                ConductDate = today,
                ConductDescription = "Spoken to rudely at the counter.",
                Category = "conduct",
                Officers = { new InvolvedOfficer { OfficerId = "officer-4", Team = "AM-CEN" } },
            }, o));
            _registered[requestId] = complaint!.Id;
            await UntilAnsweredAsync(o => _client.GetComplaintAsync(new GetComplaintRequest { Id = complaint.Id }, o));
        }

        public override async Task VerifyAsync(SuiteStore store)
        {
            foreach (var id in _registered.Values)
            {
                await _client.GetComplaintAsync(new GetComplaintRequest { Id = id });
            }

            // One complaint per request id: none lost, none registered twice by a repeated request.
            Assert.Equal(_registered.Count, await store.CountAsync("complaints", $"SELECT COUNT(*) FROM complaints WHERE \"ClientRequestId\" LIKE '{run}-complaint-%'"));
            Assert.Equal(_registered.Count, _registered.Values.Distinct().Count());
        }
    }

    /// <summary>Employees answering a wave of their own, one invitation token each.</summary>
    private sealed class SurveyWorkload : Workload
    {
        private readonly SocialAgendaService.SocialAgendaServiceClient _employee;
        private readonly string _waveId;
        private readonly IReadOnlyList<string> _tokens;
        private readonly IReadOnlyList<Answer> _answers;
        private readonly int _before;
        private int _counted;

        private SurveyWorkload(GrpcChannel employee, string waveId, IReadOnlyList<string> tokens, IReadOnlyList<Answer> answers, int before)
            : base("SocialAgenda")
        {
            _employee = new SocialAgendaService.SocialAgendaServiceClient(employee);
            (_waveId, _tokens, _answers, _before) = (waveId, tokens, answers, before);
        }

        /// <summary>The open wave of next year (made and opened by the first load), with invitations of this load's own.</summary>
        public static async Task<SurveyWorkload> PrepareAsync(GrpcChannel adminChannel, GrpcChannel employee, SuiteStore store)
        {
            var admin = new SocialAgendaService.SocialAgendaServiceClient(adminChannel);
            var instrument = (await admin.ListInstrumentsAsync(new ListInstrumentsRequest())).Instruments.First(i => i.State == InstrumentState.Published);
            var year = DateTime.Now.Year + 1;
            var wave = (await admin.ListWavesAsync(new ListWavesRequest { PageSize = 100 })).Waves.FirstOrDefault(w => w.Year == year);
            if (wave is null)
            {
                wave = await admin.CreateWaveAsync(new CreateWaveRequest { Year = year, Title = $"Load {year}", InstrumentId = instrument.Id });
                await admin.OpenWaveAsync(new OpenWaveRequest { Id = wave.Id });
            }

            var tokens = (await admin.IssueInvitationsAsync(new IssueInvitationsRequest { WaveId = wave.Id, Unit = "MN", Count = 10_000 }, deadline: DateTime.UtcNow.AddMinutes(1))).Tokens.ToList();
            var answers = instrument.Questions.Where(q => q.Kind == QuestionKind.Scale).Select(q => new Answer { QuestionId = q.Id, Value = q.ScaleMin }).ToList();
            return new SurveyWorkload(employee, wave.Id, tokens, answers, await StoredAsync(store, wave.Id));
        }

        /// <summary>Responses of the wave in the service's file, released or held back for their batch.</summary>
        private static Task<int> StoredAsync(SuiteStore store, string waveId) =>
            store.CountAsync("survey", $"SELECT (SELECT COUNT(*) FROM responses WHERE \"WaveId\" = '{waveId}') + (SELECT COUNT(*) FROM pending_responses WHERE \"WaveId\" = '{waveId}')");

        protected override async Task StepAsync(int n)
        {
            if (n >= _tokens.Count)
            {
                throw new InvalidOperationException($"The load outran its {_tokens.Count} invitations.");
            }

            // A used token is refused with PERMISSION_DENIED: after an unanswered attempt, that attempt counted.
            await UntilAnsweredAsync(o => _employee.SubmitResponseAsync(new SubmitResponseRequest { Token = _tokens[n], Answers = { _answers } }, o), e => e.StatusCode == StatusCode.PermissionDenied);
            Interlocked.Increment(ref _counted);
        }

        public override async Task VerifyAsync(SuiteStore store)
        {
            // Each token answered once counts once, also those held back for their release batch.
            Assert.Equal(_before + Volatile.Read(ref _counted), await StoredAsync(store, _waveId));
        }
    }
}
